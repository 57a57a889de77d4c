using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Tenancy;

/// <summary>How a request reached its site; links to other sites are built the same way.</summary>
public enum SiteResolutionKind
{
    None,
    Host,
    LocalhostSubdomain,
    PathPrefix,
}

/// <summary>The outcome of site resolution, stored on the request's features.</summary>
public sealed record SiteResolution(SiteInfo? Site, SiteResolutionKind Kind);
