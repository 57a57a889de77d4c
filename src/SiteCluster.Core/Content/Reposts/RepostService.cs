using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Reposts;

/// <summary>Where a push goes: every site below the source, or those of chosen levels, or chosen sites (by slug).</summary>
public sealed record PushTargets(bool AllBelow = false, IReadOnlyCollection<SiteLevel>? Levels = null, IReadOnlyCollection<string>? Sites = null);

/// <summary>What a push did: reposts made, sites that already had it, and sites that have no column for the catalogue node.</summary>
public sealed record PushResult(int Created, int AlreadyThere, IReadOnlyList<string> SitesWithoutColumn);

public enum RepostProblem
{
    /// <summary>Only a published, proactively disclosed item can be pushed.</summary>
    NotPublic,

    /// <summary>A chosen site is not below the source: reposts go only downward.</summary>
    NotBelow,

    /// <summary>The choice names no site.</summary>
    NoTargets,

    /// <summary>A subscription's source is not above the subscriber: reposts come only from above.</summary>
    NotAbove,

    /// <summary>A site has no column for the catalogue node.</summary>
    NoColumn,
}

/// <summary>A refused push; nothing was written.</summary>
public sealed class RepostException(RepostProblem problem, string? site = null)
    : Exception(CoreText.Format($"Repost_{problem}", site ?? string.Empty))
{
    public RepostProblem Problem { get; } = problem;

    /// <summary>The site the refusal names, if any.</summary>
    public string? Site { get; } = site;
}

/// <summary>
/// 一处发布、多处展现: pushes a published item of the current site to sites below it, into each
/// one's column for a catalogue node (e.g. 政策文件), shown at once or held in their inbox.
/// Only downward. One row per receiving site, written in one transaction; the content itself is
/// never copied.
/// </summary>
public sealed class RepostService(
    SiteClusterDbContext db,
    TenantContext tenant,
    ISiteRegistry registry,
    IClusterScope clusterScope,
    AuditLog auditLog,
    ContentService content,
    ContentTypeStore types,
    MediaService media,
    IMediaStore mediaStore,
    TimeProvider time,
    ILogger<RepostService> logger)
{
    private SiteInfo CurrentSite => tenant.Site ?? throw new TenantIsolationException("Reposts start from a site; this scope has none.");

    /// <exception cref="ContentPermissionException">The actor may not edit on the source site.</exception>
    /// <exception cref="RepostException">The item is not public, a target is not below, or there is no target.</exception>
    public async Task<PushResult> PushAsync(
        ContentActor actor, Guid itemId, PushTargets targets, string catalogueCode, bool hold, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("NoEditPermission"));
        }

        // The site's own item, or one it shows as a repost (a city passing a provincial policy on
        // to its counties): the reposts below still point at the original.
        var item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        var origin = site;
        if (item is null && await ShownRepost.FindAsync(db, registry, itemId, cancellationToken) is { } shown)
        {
            (origin, item) = (shown.Source, shown.Item);
        }

        if (item is null)
        {
            throw new KeyNotFoundException(CoreText.Format("ItemNotFound", itemId));
        }

        if (!item.IsPublic(origin))
        {
            throw new RepostException(RepostProblem.NotPublic);
        }

        var receivers = Receivers(site, targets);
        var ids = receivers.Select(r => r.Id).ToList();
        using var scope = clusterScope.Open($"push of {item.Id} from {site.Slug} to {ids.Count} sites");
        var columns = (await db.Columns.AsNoTracking()
                .Where(c => ids.Contains(c.TenantId) && c.CatalogueCode == catalogueCode)
                .Select(c => new { c.TenantId, c.Id, c.ParentId })
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.TenantId)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.ParentId is null ? 0 : 1).First().Id);
        var already = (await db.Reposts.AsNoTracking().Where(r => r.SourceItemId == item.Id).Select(r => r.TenantId).ToListAsync(cancellationToken)).ToHashSet();

        var now = time.GetUtcNow();
        var created = 0;
        foreach (var receiver in receivers.Where(r => columns.ContainsKey(r.Id) && !already.Contains(r.Id)))
        {
            db.Reposts.Add(new Repost
            {
                Id = Guid.CreateVersion7(),
                TenantId = receiver.Id,
                SourceSiteId = origin.Id,
                SourceItemId = item.Id,
                ColumnId = columns[receiver.Id],
                State = hold ? RepostState.Pending : RepostState.Shown,
                Origin = RepostOrigin.Push,
                CreatedAt = now,
                CreatedBy = actor.Name,
            });
            created++;
        }

        var missing = receivers.Where(r => !columns.ContainsKey(r.Id)).Select(r => r.Slug).ToList();
        auditLog.Record(site.Id, AuditAction.Pushed, nameof(ContentItem), item.Id.ToString(), new { catalogueCode, hold, sites = created, missing });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Pushed {Item} from {Site} to {Count} sites ({Missing} without a {Code} column)", item.Id, site.Slug, created, missing.Count, catalogueCode);
        return new PushResult(created, receivers.Count(r => already.Contains(r.Id)), missing);
    }

    /// <summary>
    /// The receiving webmaster's decision on a repost of the current site: accept (show) a held
    /// one, reject it, hide a shown one, or show a hidden one again.
    /// </summary>
    /// <exception cref="ContentPermissionException">The actor may not edit on this site.</exception>
    /// <exception cref="ContentStateException">The repost is not in a state the decision applies to.</exception>
    public async Task<Repost> DecideAsync(ContentActor actor, Guid repostId, RepostState decision, CancellationToken cancellationToken = default)
    {
        _ = CurrentSite;
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("NoEditPermission"));
        }

        var repost = await db.Reposts.SingleOrDefaultAsync(r => r.Id == repostId, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("ItemNotFound", repostId));
        var allowed = (repost.State, decision) switch
        {
            (RepostState.Pending, RepostState.Shown or RepostState.Rejected) => true,
            (RepostState.Shown, RepostState.Hidden) => true,
            (RepostState.Hidden or RepostState.Rejected, RepostState.Shown) => true,
            _ => false,
        };
        if (!allowed)
        {
            throw new ContentStateException(CoreText.Get("RepostDecisionNotAllowed"));
        }

        repost.State = decision;
        repost.DecidedAt = time.GetUtcNow();
        repost.DecidedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return repost;
    }

    /// <summary>
    /// Turns a repost of the current site into a local copy that no longer follows the source:
    /// the source's current content and metadata (来源 naming the source site), its files copied
    /// into this site's media library, published in the repost's column through the usual checks;
    /// the repost is removed. Items it linked to on the source site are not carried over.
    /// </summary>
    /// <returns>The local copy.</returns>
    public async Task<ContentItem> DetachAsync(ContentActor actor, Guid repostId, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("NoEditPermission"));
        }

        var repost = await db.Reposts.SingleOrDefaultAsync(r => r.Id == repostId, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("ItemNotFound", repostId));
        var shown = await ShownRepost.FindAsync(db, registry, repost.SourceItemId, cancellationToken);
        var (source, item) = (shown?.Source, shown?.Item);
        if (source is null || item is null || !item.IsPublic(source))
        {
            throw new RepostException(RepostProblem.NotPublic);
        }

        // The source's files become this site's own: the copy must not depend on the source.
        var files = new Dictionary<Guid, (Guid Id, string Name)>();
        var wanted = item.Attachments.Select(a => a.MediaId).Concat(MediaLinks.In(item.Body)).ToHashSet();
        List<Media.MediaItem> sourceFiles;
        using (clusterScope.Open($"detach of {item.Id} by {site.Slug}"))
        {
            sourceFiles = await db.MediaItems.AsNoTracking().Where(m => m.TenantId == source.Id && wanted.Contains(m.Id)).ToListAsync(cancellationToken);
        }

        foreach (var file in sourceFiles)
        {
            await using var stream = await mediaStore.OpenReadAsync(file.StorageKey, cancellationToken);
            if (stream is not null)
            {
                var copy = await media.UploadAsync(stream, file.FileName, cancellationToken);
                files[file.Id] = (copy.Id, copy.FileName);
            }
        }

        var type = await types.GetAsync(item.ContentType, cancellationToken);
        var fields = System.Text.Json.Nodes.JsonNode.Parse(item.Fields)?.AsObject() ?? [];
        foreach (var reference in type.AllFields.Where(f => f.Type == Types.ContentFieldType.ContentRef))
        {
            fields.Remove(reference.Name!);
        }

        var draft = new ContentDraft
        {
            ColumnId = repost.ColumnId,
            Title = item.Title,
            Summary = item.Summary,
            Body = MediaLinks.Rewrite(item.Body, (mediaId, _) =>
                files.TryGetValue(mediaId, out var f) ? $"/media/{f.Id}/{Uri.EscapeDataString(f.Name)}" : null),
            Fields = fields,
            Attachments = [.. item.Attachments.Where(a => files.ContainsKey(a.MediaId)).Select(a => new ContentAttachment(files[a.MediaId].Id, a.Name))],
            Publisher = item.Publisher,
            DocumentNumber = item.DocumentNumber,
            WrittenDate = item.WrittenDate,
            EffectiveDate = item.EffectiveDate,
            ExpiryDate = item.ExpiryDate,
            TopicCategory = item.TopicCategory,
            GenreCategory = item.GenreCategory,
            Audience = item.Audience,
            Keywords = item.Keywords,
            Source = source.Name,
        };
        // The copy and the repost's removal land together: never both shown, never neither.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await content.ImportPublishedAsync(site, DetachedKey(item.Id), item.ContentType, draft, actor, cancellationToken);
                db.Reposts.Remove(repost);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                await Recipes.RecipeExecutor.RollBackQuietlyAsync(transaction, logger);
                db.ChangeTracker.Clear();
                throw;
            }
        }

        logger.LogInformation("Detached the repost of {Item} from {Source} on {Site}", item.Id, source.Slug, site.Slug);
        return await db.ContentItems.AsNoTracking().SingleAsync(i => i.ImportKey == DetachedKey(item.Id), cancellationToken);
    }

    /// <summary>The import key of a site's local copy of a detached repost, so its old address can lead to it.</summary>
    public static string DetachedKey(Guid sourceItemId) => $"repost:{sourceItemId:N}";

    /// <summary>The sites a push reaches, all strictly below <paramref name="site"/>.</summary>
    private List<SiteInfo> Receivers(SiteInfo site, PushTargets targets)
    {
        var snapshot = registry.Current;
        var below = snapshot.DescendantsOf(site).Where(s => s.Status != SiteStatus.Disabled).ToList();
        var chosen = new List<SiteInfo>();
        if (targets.AllBelow)
        {
            chosen.AddRange(below);
        }

        if (targets.Levels is { Count: > 0 } levels)
        {
            chosen.AddRange(below.Where(s => levels.Contains(s.Level)));
        }

        foreach (var slug in targets.Sites ?? [])
        {
            chosen.Add(below.FirstOrDefault(s => string.Equals(s.Slug, slug, StringComparison.OrdinalIgnoreCase))
                ?? throw new RepostException(RepostProblem.NotBelow, slug));
        }

        var distinct = chosen.DistinctBy(s => s.Id).Where(s => !s.IsReadOnly).ToList();
        return distinct.Count > 0 ? distinct : throw new RepostException(RepostProblem.NoTargets);
    }
}
