using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Reposts;

/// <summary>An item of a site above that the current site shows as a repost: the repost, the source site and the item as it is now.</summary>
public sealed record ShownRepost(Repost Repost, SiteInfo Source, ContentItem Item)
{
    /// <summary>
    /// The repost of <paramref name="itemId"/> the current site shows, read through the site's own
    /// repost (and, on PostgreSQL, the row policy that allows exactly that read); null when none.
    /// </summary>
    public static async Task<ShownRepost?> FindAsync(SiteClusterDbContext db, ISiteRegistry registry, Guid itemId, CancellationToken cancellationToken)
    {
        var repost = await db.Reposts.AsNoTracking().SingleOrDefaultAsync(r => r.SourceItemId == itemId && r.State == RepostState.Shown, cancellationToken);
        if (repost is null || registry.Current.FindById(repost.SourceSiteId) is not { } source)
        {
            return null;
        }

        var item = await db.ContentItems.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(i => i.Id == itemId && i.TenantId == source.Id, cancellationToken);
        return item is null ? null : new ShownRepost(repost, source, item);
    }
}
