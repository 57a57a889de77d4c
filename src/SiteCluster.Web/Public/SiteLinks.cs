using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Public;

/// <summary>
/// Builds links to sites the way the current request reached its own: by path prefix
/// locally, by <c>{slug}.localhost</c>, or by each site's primary host.
/// </summary>
public static class SiteLinks
{
    public static string HomeUrl(HttpContext context, SiteInfo site)
    {
        var request = context.Request;
        var kind = context.Features.Get<SiteResolution>()?.Kind ?? SiteResolutionKind.None;
        var port = request.Host.Port is { } p ? $":{p}" : string.Empty;
        return kind switch
        {
            SiteResolutionKind.LocalhostSubdomain => $"{request.Scheme}://{site.Slug}.localhost{port}/",
            SiteResolutionKind.Host when site.PrimaryHost.Length > 0 && !IsLoopback(request.Host.Host) => $"{request.Scheme}://{site.PrimaryHost}{port}/",
            _ => $"/s/{site.Slug}/",
        };
    }

    // Locally the sites' real domains do not resolve: link by prefix instead.
    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
