using SiteCluster.Core;
using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Public;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Admin;

/// <summary>Where the one admin of the cluster lives, and whether a request is there.</summary>
public static class AdminLinks
{
    public static bool IsAdminRequest(HttpContext context, SiteRegistrySnapshot sites, AdminOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            return string.Equals(context.Request.Host.Host, options.Host, StringComparison.OrdinalIgnoreCase);
        }

        return context.Features.Get<SiteResolution>()?.Site is { ParentId: null };
    }

    public static string AdminUrl(HttpContext context, SiteRegistrySnapshot sites, AdminOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            var port = context.Request.Host.Port is { } p ? $":{p}" : string.Empty;
            return $"{context.Request.Scheme}://{options.Host}{port}/admin";
        }

        return Root(sites) is { } root ? SiteLinks.HomeUrl(context, root) + "admin" : "/admin";
    }

    /// <summary>The provincial portal: the first site without a parent (a cluster normally has one; each root serves the admin).</summary>
    private static SiteInfo? Root(SiteRegistrySnapshot sites) => sites.ChildrenOf(null).FirstOrDefault();
}
