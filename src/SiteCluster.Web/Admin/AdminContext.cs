using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin;

/// <summary>The signed-in user and, on a site's pages, that site and the user's roles on it; set by <see cref="AdminSiteFilter"/>.</summary>
public sealed class AdminContext
{
    public UserAccess? User { get; set; }

    public SiteInfo? Site { get; set; }

    public ContentActor? Actor { get; set; }

    public UserAccess RequiredUser => User ?? throw new InvalidOperationException("No signed-in user.");

    public SiteInfo RequiredSite => Site ?? throw new InvalidOperationException("Not a site page.");

    public ContentActor RequiredActor => Actor ?? throw new InvalidOperationException("Not a site page.");
}
