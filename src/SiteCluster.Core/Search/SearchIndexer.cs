using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Search;

/// <summary>
/// Keeps the search index equal to what the sites show: reads the outbox and indexes each
/// changed item again on every site that shows it (its own site, and each site it is reposted
/// to and shown on), or a whole site again; rebuilds one site or all from the database.
/// Reads across sites through one audited cluster scope.
/// </summary>
public sealed class SearchIndexer(
    SiteClusterDbContext db,
    IClusterScope clusterScope,
    ISiteRegistry registry,
    ISearchIndex index,
    SearchIndexingLock indexing,
    ILogger<SearchIndexer> logger)
{
    private const int ReadBatch = 500;
    private readonly Dictionary<Guid, IReadOnlyDictionary<Guid, Column>> _columns = [];

    /// <summary>Indexes what the outbox holds, oldest first, up to <paramref name="batchSize"/> entries; returns how many it handled.</summary>
    public async Task<int> ProcessPendingAsync(int batchSize, CancellationToken cancellationToken)
    {
        using var pass = await indexing.EnterAsync(cancellationToken);
        var entries = await db.Set<SearchOutboxEntry>().AsNoTracking().OrderBy(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return 0;
        }

        using (clusterScope.Open("search indexing"))
        {
            foreach (var siteId in entries.Where(e => e.SiteId is not null).Select(e => e.SiteId!.Value).Distinct())
            {
                await IndexSiteAsync(siteId, cancellationToken);
            }

            var itemIds = entries.Where(e => e.ItemId is not null).Select(e => e.ItemId!.Value).Distinct().ToList();
            foreach (var itemId in itemIds)
            {
                await index.DeleteItemAsync(itemId, cancellationToken);
            }

            await index.UpsertAsync(await DocumentsForItemsAsync(itemIds, cancellationToken), cancellationToken);
        }

        // Committed to the index before the entries go: a crash in between indexes them again.
        await index.RefreshAsync(cancellationToken);
        var ids = entries.Select(e => e.Id).ToList();
        await db.Set<SearchOutboxEntry>().Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        logger.LogDebug("Indexed {Count} search outbox entries", entries.Count);
        return entries.Count;
    }

    /// <summary>Rebuilds the index of one site, or of every site (the whole index) when <paramref name="siteId"/> is null; returns the entries written.</summary>
    public async Task<int> RebuildAsync(Guid? siteId, CancellationToken cancellationToken)
    {
        using var pass = await indexing.EnterAsync(cancellationToken);
        await registry.ReloadAsync(cancellationToken);
        var written = 0;
        using (clusterScope.Open("search rebuild"))
        {
            if (siteId is { } one)
            {
                written = await IndexSiteAsync(one, cancellationToken);
            }
            else
            {
                await index.ClearAsync(cancellationToken);
                foreach (var site in registry.Current.All)
                {
                    written += await IndexSiteAsync(site.Id, cancellationToken);
                }
            }
        }

        await index.RefreshAsync(cancellationToken);
        return written;
    }

    /// <summary>Replaces every entry shown on a site with what it shows now.</summary>
    private async Task<int> IndexSiteAsync(Guid siteId, CancellationToken cancellationToken)
    {
        await index.DeleteSiteAsync(siteId, cancellationToken);
        _columns.Remove(siteId);
        if (registry.Current.FindById(siteId) is not { } site)
        {
            return 0;
        }

        var written = 0;
        var ids = await db.ContentItems.AsNoTracking().WherePublic(site).Select(i => i.Id).ToListAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(ReadBatch))
        {
            var page = await db.ContentItems.AsNoTracking().Where(i => chunk.Contains(i.Id)).ToListAsync(cancellationToken);
            var documents = new List<SearchDocument>();
            foreach (var item in page)
            {
                if (await DocumentAsync(site, item, item.ColumnId, cancellationToken) is { } document)
                {
                    documents.Add(document);
                }
            }

            await index.UpsertAsync(documents, cancellationToken);
            written += documents.Count;
        }

        var reposted = await db.Reposts.AsNoTracking()
            .Where(r => r.TenantId == siteId && r.State == RepostState.Shown)
            .Join(db.ContentItems.AsNoTracking().WhereShowableOn(site), r => r.SourceItemId, i => i.Id, (r, i) => new { Repost = r, Item = i })
            .ToListAsync(cancellationToken);
        var repostDocuments = new List<SearchDocument>();
        foreach (var pair in reposted)
        {
            if (await DocumentAsync(site, pair.Item, pair.Repost.ColumnId, cancellationToken) is { } document)
            {
                repostDocuments.Add(document);
            }
        }

        await index.UpsertAsync(repostDocuments, cancellationToken);
        return written + repostDocuments.Count;
    }

    /// <summary>The entries of some items: each on its own site while public there, and on each site it is reposted to and shown (two reads for them all).</summary>
    private async Task<List<SearchDocument>> DocumentsForItemsAsync(List<Guid> itemIds, CancellationToken cancellationToken)
    {
        var documents = new List<SearchDocument>();
        if (itemIds.Count == 0)
        {
            return documents;
        }

        var items = await db.ContentItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToListAsync(cancellationToken);
        var reposts = (await db.Reposts.AsNoTracking().Where(r => itemIds.Contains(r.SourceItemId) && r.State == RepostState.Shown).ToListAsync(cancellationToken))
            .ToLookup(r => r.SourceItemId);
        foreach (var item in items)
        {
            if (registry.Current.FindById(item.TenantId) is { } home && item.IsPublic(home)
                && await DocumentAsync(home, item, item.ColumnId, cancellationToken) is { } own)
            {
                documents.Add(own);
            }

            foreach (var repost in reposts[item.Id])
            {
                if (registry.Current.FindById(repost.TenantId) is { } receiving && item.IsShowableOn(receiving)
                    && await DocumentAsync(receiving, item, repost.ColumnId, cancellationToken) is { } shown)
                {
                    documents.Add(shown);
                }
            }
        }

        return documents;
    }

    /// <summary>The entry of <paramref name="item"/> as <paramref name="site"/> lists it under <paramref name="columnId"/>; null when that column is hidden.</summary>
    private async Task<SearchDocument?> DocumentAsync(SiteInfo site, ContentItem item, Guid columnId, CancellationToken cancellationToken)
    {
        var columns = await ColumnsAsync(site.Id, cancellationToken);
        var trail = new List<Column>();
        for (var column = columns.GetValueOrDefault(columnId); column is not null; column = column.ParentId is { } parent ? columns.GetValueOrDefault(parent) : null)
        {
            trail.Insert(0, column);
        }

        if (trail.Count == 0 || trail[0].ParentId is not null || trail.Any(c => c.IsHidden))
        {
            return null;
        }

        var text = string.Join(' ', new[] { item.Summary, SearchText.FromHtml(item.Body), SearchText.FromFields(item.Fields) }.Where(t => !string.IsNullOrWhiteSpace(t)));
        return new SearchDocument
        {
            SiteId = site.Id,
            ItemId = item.Id,
            SourceSiteId = item.TenantId,
            ColumnId = columnId,
            ColumnPath = string.Join('/', trail.Select(c => c.Slug)),
            ColumnName = trail[^1].Name,
            ContentType = item.ContentType,
            Title = item.Title,
            Text = text,
            Keywords = item.Keywords,
            DocumentNumber = item.DocumentNumber,
            IndexNumber = item.IndexNumber,
            Publisher = item.Publisher,
            PublishedAt = item.PublishedAt ?? item.UpdatedAt,
            Disclosure = item.Disclosure.ToString(),
            Expired = item.Status == ContentStatus.Expired,
        };
    }

    private async Task<IReadOnlyDictionary<Guid, Column>> ColumnsAsync(Guid siteId, CancellationToken cancellationToken)
    {
        if (!_columns.TryGetValue(siteId, out var columns))
        {
            columns = await db.Columns.AsNoTracking().Where(c => c.TenantId == siteId).ToDictionaryAsync(c => c.Id, cancellationToken);
            _columns[siteId] = columns;
        }

        return columns;
    }
}
