using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Reposts;

/// <summary>
/// A site's standing order for a higher-level site's column (for example the province's
/// 政策文件): everything published there (and in its sub-columns) from then on is reposted into
/// the subscriber's column for the same node. Owned by the subscribing site.
/// </summary>
public sealed class RepostSubscription : ITenantOwned
{
    public Guid Id { get; set; }

    /// <summary>The subscribing site.</summary>
    public Guid TenantId { get; set; }

    public Guid SourceSiteId { get; set; }

    public Guid SourceColumnId { get; set; }

    /// <summary>The subscriber's column the reposts go into.</summary>
    public Guid ColumnId { get; set; }

    /// <summary>Hold new reposts in the inbox rather than show them at once.</summary>
    public bool Hold { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>A subscription as the subscriber's page lists it.</summary>
public sealed record SubscriptionView(Guid Id, string SourceSite, string SourceColumn, string Column, bool Hold, DateTimeOffset CreatedAt);

/// <summary>
/// Pull reposts: a site subscribes to a column of a site above it, optionally back-filled with
/// what is already published there; each later publish there reposts the item to every
/// subscriber in the publish's own transaction.
/// </summary>
public sealed class RepostSubscriptions(
    SiteClusterDbContext db, TenantContext tenant, ISiteRegistry registry, IClusterScope clusterScope, TimeProvider time, ILogger<RepostSubscriptions> logger)
{
    private SiteInfo CurrentSite => tenant.Site ?? throw new TenantIsolationException("Subscriptions belong to a site; this scope has none.");

    /// <summary>Subscribes the current site to <paramref name="sourceSlug"/>'s column for <paramref name="catalogueCode"/>; returns how many items were back-filled.</summary>
    /// <exception cref="RepostException">The source is not above the current site, or either site lacks the column.</exception>
    public async Task<int> SubscribeAsync(ContentActor actor, string sourceSlug, string catalogueCode, bool hold, bool backfill, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("NoEditPermission"));
        }

        var source = registry.Current.AncestorsOf(site).FirstOrDefault(a => string.Equals(a.Slug, sourceSlug, StringComparison.OrdinalIgnoreCase))
            ?? throw new RepostException(RepostProblem.NotAbove, sourceSlug);
        var column = await db.Columns.Where(c => c.CatalogueCode == catalogueCode).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RepostException(RepostProblem.NoColumn, site.Slug);

        using var scope = clusterScope.Open($"subscription of {site.Slug} to {source.Slug} {catalogueCode}");
        var sourceColumns = await db.Columns.AsNoTracking().Where(c => c.TenantId == source.Id).Select(c => new { c.Id, c.ParentId, c.CatalogueCode }).ToListAsync(cancellationToken);
        var sourceColumn = sourceColumns.FirstOrDefault(c => c.CatalogueCode == catalogueCode)?.Id
            ?? throw new RepostException(RepostProblem.NoColumn, source.Slug);
        var existing = await db.RepostSubscriptions.SingleOrDefaultAsync(s => s.TenantId == site.Id && s.SourceColumnId == sourceColumn, cancellationToken);
        if (existing is null)
        {
            db.RepostSubscriptions.Add(new RepostSubscription
            {
                Id = Guid.CreateVersion7(),
                TenantId = site.Id,
                SourceSiteId = source.Id,
                SourceColumnId = sourceColumn,
                ColumnId = column,
                Hold = hold,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = actor.Name,
            });
        }
        else
        {
            existing.Hold = hold;
            existing.ColumnId = column;
        }

        var filled = 0;
        if (backfill)
        {
            var subtree = Subtree(sourceColumn, sourceColumns.Select(c => (c.Id, c.ParentId)).ToList());
            var items = await db.ContentItems.AsNoTracking().Where(i => i.TenantId == source.Id && subtree.Contains(i.ColumnId)).WherePublic(source).Select(i => i.Id).ToListAsync(cancellationToken);
            var already = (await db.Reposts.Where(r => r.TenantId == site.Id).Select(r => r.SourceItemId).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var item in items.Where(i => !already.Contains(i)))
            {
                db.Reposts.Add(NewRepost(site.Id, source.Id, item, column, hold, actor.Name, RepostOrigin.Subscription));
                filled++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{Site} subscribed to {Source} {Code}, {Count} items back-filled", site.Slug, source.Slug, catalogueCode, filled);
        return filled;
    }

    public async Task<bool> UnsubscribeAsync(ContentActor actor, Guid subscriptionId, CancellationToken cancellationToken = default)
    {
        _ = CurrentSite;
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("NoEditPermission"));
        }

        var subscription = await db.RepostSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        db.RepostSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var mine = await db.RepostSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var own = await db.Columns.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var sourceIds = mine.Select(s => s.SourceColumnId).ToList();
        Dictionary<Guid, string> theirs;
        using (clusterScope.Open($"subscriptions of {CurrentSite.Slug}"))
        {
            theirs = await db.Columns.AsNoTracking().Where(c => sourceIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        }

        return [.. mine.Select(s => new SubscriptionView(
            s.Id, registry.Current.FindById(s.SourceSiteId)?.Name ?? string.Empty, theirs.GetValueOrDefault(s.SourceColumnId) ?? string.Empty,
            own.GetValueOrDefault(s.ColumnId) ?? string.Empty, s.Hold, s.CreatedAt))];
    }

    /// <summary>
    /// For the publishing workflow: reposts an item just published on <paramref name="site"/> to
    /// every site subscribed to its column or a column above it, inside the caller's transaction.
    /// </summary>
    public async Task FanOutAsync(SiteInfo site, ContentItem item, string actor, CancellationToken cancellationToken)
    {
        var columns = await db.Columns.AsNoTracking().Where(c => c.TenantId == site.Id).Select(c => new { c.Id, c.ParentId }).ToListAsync(cancellationToken);
        var chain = new List<Guid>();
        for (Guid? id = item.ColumnId; id is { } current; id = columns.FirstOrDefault(c => c.Id == current)?.ParentId)
        {
            chain.Add(current);
        }

        if (site.IsReadOnly)
        {
            throw new SiteReadOnlyException(site.Name);
        }

        using var scope = clusterScope.Open($"subscribers of {item.Id} on {site.Slug}");
        var subscribers = await db.RepostSubscriptions.AsNoTracking().Where(s => s.SourceSiteId == site.Id && chain.Contains(s.SourceColumnId)).ToListAsync(cancellationToken);
        if (subscribers.Count == 0)
        {
            return;
        }

        var ids = subscribers.Select(s => s.TenantId).ToList();
        var already = (await db.Reposts.Where(r => r.SourceItemId == item.Id && ids.Contains(r.TenantId)).Select(r => r.TenantId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var subscriber in subscribers.DistinctBy(s => s.TenantId).Where(s => !already.Contains(s.TenantId)))
        {
            db.Reposts.Add(NewRepost(subscriber.TenantId, site.Id, item.Id, subscriber.ColumnId, subscriber.Hold, actor, RepostOrigin.Subscription));
        }

        // Other sites' rows are written while the cluster scope is open; the caller's
        // transaction still decides whether any of it lands.
        await db.SaveChangesAsync(cancellationToken);
    }

    private static HashSet<Guid> Subtree(Guid root, List<(Guid Id, Guid? ParentId)> columns)
    {
        var result = new HashSet<Guid> { root };
        bool added;
        do
        {
            added = false;
            foreach (var column in columns.Where(c => c.ParentId is { } p && result.Contains(p) && !result.Contains(c.Id)))
            {
                added |= result.Add(column.Id);
            }
        }
        while (added);
        return result;
    }

    private Repost NewRepost(Guid receiver, Guid source, Guid item, Guid column, bool hold, string actor, RepostOrigin origin) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = receiver,
        SourceSiteId = source,
        SourceItemId = item,
        ColumnId = column,
        State = hold ? RepostState.Pending : RepostState.Shown,
        Origin = origin,
        CreatedAt = time.GetUtcNow(),
        CreatedBy = actor,
    };
}
