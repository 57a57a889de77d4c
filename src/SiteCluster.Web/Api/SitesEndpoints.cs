using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Api;

/// <summary>One site as listed by <c>GET /api/sites</c>.</summary>
public sealed record SiteListItem(string Slug, string Name, string Level, string? ParentSlug, IReadOnlyList<string> Hosts, string SiteCode);

public static class SitesEndpoints
{
    /// <summary><c>GET /api/sites</c>: every active site of the cluster, on any host.</summary>
    public static IEndpointRouteBuilder MapSitesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/sites", (ISiteRegistry registry) =>
                registry.Current.All
                    .Where(s => s.Status == SiteStatus.Active)
                    .Select(s => new SiteListItem(s.Slug, s.Name, s.Level.ToString(), s.ParentSlug, s.Hosts, s.SiteCode)))
            .WithMetadata(new ClusterEndpointAttribute())
            .WithName("ListSites");
        return endpoints;
    }
}
