using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

    /// <summary>The same rule as <see cref="WhereShowableOn"/> for one item already read.</summary>
    public static bool IsShowableOn(this ContentItem item, SiteInfo site) =>
        item.Disclosure == DisclosureAttribute.Proactive
        && (item.Status == ContentStatus.Published || (item.Status == ContentStatus.Expired && site.ExpiredContent != ExpiredContentDisplay.Hide));

    /// <summary>
    /// Items of any site that <paramref name="site"/> may show when they are reposted to it:
    /// 主动公开, and published (or expired, when the site shows expired content marked). Only ever
    /// used joined to the site's own reposts.
    /// </summary>
    public static IQueryable<ContentItem> WhereShowableOn(this IQueryable<ContentItem> items, SiteInfo site) =>
        site.ExpiredContent == ExpiredContentDisplay.Hide
            ? items.Where(i => i.Disclosure == DisclosureAttribute.Proactive && i.Status == ContentStatus.Published)
            : items.Where(i => i.Disclosure == DisclosureAttribute.Proactive && (i.Status == ContentStatus.Published || i.Status == ContentStatus.Expired));

    /// <summary>Whether a pending change to <paramref name="item"/> touches a live item: it is live now or was before the change.</summary>
    public static bool IsOrWasPublic(EntityEntry entry, ContentItem item)
    {
        static bool Live(ContentStatus status) => status is ContentStatus.Published or ContentStatus.Expired;
        var before = entry.State == EntityState.Added ? item.Status : entry.Property(nameof(ContentItem.Status)).OriginalValue as ContentStatus? ?? item.Status;
        return Live(item.Status) || Live(before);
    }
}
