using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Items;

/// <summary>What readers of a public site may see: the one definition every public page, feed and index uses.</summary>
public static class PublicContent
{
    /// <summary>
    /// Live items of <paramref name="site"/> that are proactively disclosed (主动公开); expired
    /// ones too when the site shows them marked 已失效. Drafts, withdrawn items and anything
    /// not 主动公开 never pass.
    /// </summary>
    public static IQueryable<ContentItem> WherePublic(this IQueryable<ContentItem> items, SiteInfo site)
    {
        var mine = items.Where(i => i.TenantId == site.Id && i.Disclosure == DisclosureAttribute.Proactive);
        return site.ExpiredContent == ExpiredContentDisplay.Hide
            ? mine.Where(i => i.Status == ContentStatus.Published)
            : mine.Where(i => i.Status == ContentStatus.Published || i.Status == ContentStatus.Expired);
    }

    /// <summary>The same rule as <see cref="WherePublic"/> for one item already read (by its key, the cheapest lookup).</summary>
    public static bool IsPublic(this ContentItem item, SiteInfo site) =>
        item.TenantId == site.Id
        && item.Disclosure == DisclosureAttribute.Proactive
        && (item.Status == ContentStatus.Published || (item.Status == ContentStatus.Expired && site.ExpiredContent != ExpiredContentDisplay.Hide));
}
