using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Items;

/// <summary>What an import did with one item.</summary>
public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,

    /// <summary>The item was edited or withdrawn on this site since it was imported: the import left it alone.</summary>
    KeptLocalChanges,
}

/// <summary>
/// An item that was published on an old website, as a migration brings it in: the id a new
/// item gets (so links to it can be written before it exists) and the 索引号 it already had.
/// </summary>
public sealed record LegacyContent(Guid NewItemId, string? IndexNumber);

/// <summary>What importing content published elsewhere did, and what the item still lacks for its type.</summary>
public sealed record LegacyImportResult(ImportOutcome Outcome, Guid ItemId, IReadOnlyList<ContentProblem> Incomplete, bool IndexNumberKept);

/// <summary>
/// The publishing workflow of the current site's content: draft → submitted for
/// confidentiality review (保密审查) → published (now or at a scheduled time) → withdrawn or
/// expired. Every save keeps a version; publishing copies the approved version into the item
/// in one transaction, so a failure leaves the previous version live. Roles are checked on
/// every action and every action is in the audit log.
/// </summary>
public sealed class ContentService(
    SiteClusterDbContext db,
    TenantContext tenant,
    ContentTypeStore types,
    ContentChecker checker,
    IndexNumberGenerator indexNumbers,
    AuditContext audit,
    AuditLog auditLog,
    Reposts.RepostSubscriptions subscriptions,
    TimeProvider time,
    ILogger<ContentService> logger)
{
    private const string ItemEntity = nameof(ContentItem);

    internal static readonly JsonSerializerOptions SnapshotJson = ContentTypeStore.Json;

    private SiteInfo CurrentSite => tenant.Site ?? throw new TenantIsolationException("Content belongs to a site; this scope has none.");

    public async Task<ContentItem> CreateAsync(ContentActor actor, string contentType, ContentDraft draft, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Edit);
        var site = CurrentSite;
        var type = (await types.AllAsync(cancellationToken)).GetValueOrDefault(contentType)
            ?? throw new ContentValidationException([new ContentProblem("contentType", ContentProblemKind.InvalidValue, CoreText.Format("UnknownContentType", contentType))]);
        var problems = new List<ContentProblem>();
        var clean = checker.Clean(draft, type, complete: false, problems);
        await CheckColumnAsync(site, clean.ColumnId, type, problems, cancellationToken);
        await CheckAttachmentsAsync(site, clean, problems, cancellationToken);
        ThrowIfAny(problems);

        var now = time.GetUtcNow();
        var item = new ContentItem
        {
            Id = Guid.CreateVersion7(),
            TenantId = site.Id,
            ContentType = type.Name!,
            Title = clean.Title,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(item, clean);
        AddVersion(item, clean, actor, CoreText.Get("VersionCreated"));
        db.ContentItems.Add(item);
        using (As(actor))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return item;
    }

    /// <summary>Saves an edit as a new version. A published item stays live as it was until the new version is approved.</summary>
    public async Task<ContentItem> SaveAsync(ContentActor actor, Guid itemId, ContentDraft draft, int expectedVersion, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Edit);
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        if (item.CurrentVersion != expectedVersion)
        {
            throw new ContentConflictException(expectedVersion, item.CurrentVersion);
        }

        var type = await types.GetAsync(item.ContentType, cancellationToken);
        var problems = new List<ContentProblem>();
        var clean = checker.Clean(draft, type, complete: false, problems);
        await CheckColumnAsync(site, clean.ColumnId, type, problems, cancellationToken);
        await CheckAttachmentsAsync(site, clean, problems, cancellationToken);
        ThrowIfAny(problems);

        using (As(actor))
        {
            // What a reviewer was asked to approve is no longer the latest: it must be sent again.
            CancelReview(item);
            AddVersion(item, clean, actor, CoreText.Get("VersionSaved"));
            if (item.PublishedVersion is null)
            {
                Apply(item, clean);
            }

            item.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return item;
    }

    /// <summary>The item's text as saved in <paramref name="version"/> (the latest when null).</summary>
    public async Task<ContentDraft> GetDraftAsync(Guid itemId, int? version = null, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken, tracked: false);
        return await LoadVersionAsync(site, item.Id, version ?? item.CurrentVersion, cancellationToken);
    }

    /// <summary>Every version of the item, newest first.</summary>
    public async Task<IReadOnlyList<ContentVersion>> HistoryAsync(Guid itemId, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        return await db.ContentVersions.AsNoTracking()
            .Where(v => v.TenantId == site.Id && v.ItemId == itemId)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Makes an old version the latest again (a new version); it goes live only through review.</summary>
    public async Task<ContentItem> RestoreAsync(ContentActor actor, Guid itemId, int version, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Edit);
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        var old = await LoadVersionAsync(site, item.Id, version, cancellationToken);
        using (As(actor))
        {
            CancelReview(item);
            var number = AddVersion(item, old, actor, CoreText.Format("VersionRestored", version));
            if (item.PublishedVersion is null)
            {
                Apply(item, old);
            }

            item.UpdatedAt = time.GetUtcNow();
            auditLog.Record(site.Id, AuditAction.Restored, ItemEntity, item.Id.ToString(), new { from = version, version = number });
            await db.SaveChangesAsync(cancellationToken);
        }

        return item;
    }

    /// <summary>Saves a new version with every personal-data match masked (ID 110101********1234, mobile 138****5678).</summary>
    public async Task<ContentItem> MaskPersonalDataAsync(ContentActor actor, Guid itemId, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken, tracked: false);
        var draft = await LoadVersionAsync(site, item.Id, item.CurrentVersion, cancellationToken);
        var type = await types.GetAsync(item.ContentType, cancellationToken);
        return await SaveAsync(actor, itemId, ContentChecker.Mask(draft, type), item.CurrentVersion, cancellationToken);
    }

    /// <summary>What stops the latest version (or the one in review) from being published: problems and personal data.</summary>
    public async Task<(IReadOnlyList<ContentProblem> Problems, IReadOnlyList<PersonalDataFinding> PersonalData)> CheckAsync(
        Guid itemId, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken, tracked: false);
        var draft = await LoadVersionAsync(site, item.Id, item.ReviewVersion ?? item.CurrentVersion, cancellationToken);
        var (_, problems, findings) = await CheckForPublishAsync(site, item, draft, cancellationToken);
        return (problems, findings);
    }

    /// <summary>
    /// Sends the latest version to confidentiality review, to go live at <paramref name="publishAt"/>
    /// (or when approved). It must be complete; personal data does not stop a submission,
    /// it stops the approval unless masked or overridden.
    /// </summary>
    public async Task<ContentItem> SubmitAsync(ContentActor actor, Guid itemId, DateTimeOffset? publishAt = null, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Edit);
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        if (item.Review is ReviewState.Submitted or ReviewState.Scheduled)
        {
            throw new ContentStateException(CoreText.Get("AlreadyInReview"));
        }

        if (!item.HasUnpublishedChanges && item.Status == ContentStatus.Published)
        {
            throw new ContentStateException(CoreText.Get("NothingToSubmit"));
        }

        var draft = await LoadVersionAsync(site, item.Id, item.CurrentVersion, cancellationToken);
        var (_, problems, findings) = await CheckForPublishAsync(site, item, draft, cancellationToken);
        ThrowIfAny(problems);

        using (As(actor))
        {
            item.Review = ReviewState.Submitted;
            item.ReviewVersion = item.CurrentVersion;
            item.ScheduledAt = publishAt?.ToUniversalTime();
            item.SubmittedBy = actor.Name;
            item.ReviewComment = null;
            item.PersonalDataOverride = null;
            item.UpdatedAt = time.GetUtcNow();
            auditLog.Record(site.Id, AuditAction.Submitted, ItemEntity, item.Id.ToString(),
                new { version = item.CurrentVersion, publishAt, personalData = findings.Count });
            await db.SaveChangesAsync(cancellationToken);
        }

        return item;
    }

    /// <summary>
    /// Approves the submitted version: it goes live now, or at its scheduled time. Personal
    /// data blocks the approval unless <paramref name="personalDataOverride"/> states why it
    /// may be published; the reason and the (masked) findings go to the audit log.
    /// </summary>
    public async Task<ContentItem> ApproveAsync(
        ContentActor actor, Guid itemId, string? comment = null, string? personalDataOverride = null, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Review);
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        if (item.Review != ReviewState.Submitted)
        {
            throw new ContentStateException(CoreText.Get("NothingToReview"));
        }

        if (!actor.IsSystem && item.SubmittedBy == actor.Name)
        {
            throw new ContentPermissionException(CoreText.Get("OwnSubmission"));
        }

        var version = item.ReviewVersion!.Value;
        var draft = await LoadVersionAsync(site, item.Id, version, cancellationToken);
        var (clean, problems, findings) = await CheckForPublishAsync(site, item, draft, cancellationToken);
        ThrowIfAny(problems);
        var reason = string.IsNullOrWhiteSpace(personalDataOverride) ? null : personalDataOverride.Trim();
        if (findings.Count > 0 && reason is null)
        {
            throw new ContentValidationException(PersonalDataProblems(findings));
        }

        using (As(actor))
        {
            await InTransactionAsync(async () =>
            {
                if (findings.Count > 0)
                {
                    item.PersonalDataOverride = reason;
                    auditLog.Record(site.Id, AuditAction.PersonalDataOverride, ItemEntity, item.Id.ToString(), new
                    {
                        version,
                        reason,
                        findings = findings.Select(f => new { f.Field, kind = f.Kind.ToString(), f.Masked }),
                    });
                }

                item.ReviewComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
                auditLog.Record(site.Id, AuditAction.Approved, ItemEntity, item.Id.ToString(), new { version, comment = item.ReviewComment, item.ScheduledAt });
                if (item.ScheduledAt is { } at && at > time.GetUtcNow())
                {
                    item.Review = ReviewState.Scheduled;
                    item.UpdatedAt = time.GetUtcNow();
                }
                else
                {
                    await PublishAsync(site, item, clean, version, cancellationToken);
                }

                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
        }

        return item;
    }

    /// <summary>Sends the submitted version back to its editor with a comment.</summary>
    public async Task<ContentItem> RejectAsync(ContentActor actor, Guid itemId, string comment, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Review);
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ContentValidationException([new ContentProblem("comment", ContentProblemKind.Required, CoreText.Get("RejectReasonRequired"))]);
        }

        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        if (item.Review is not (ReviewState.Submitted or ReviewState.Scheduled))
        {
            throw new ContentStateException(CoreText.Get("NothingToReview"));
        }

        using (As(actor))
        {
            Reject(site, item, comment.Trim());
            await db.SaveChangesAsync(cancellationToken);
        }

        return item;
    }

    /// <summary>Takes published (or expired) content off the public site (撤稿), with a reason.</summary>
    public async Task<ContentItem> WithdrawAsync(ContentActor actor, Guid itemId, string reason, CancellationToken cancellationToken = default)
    {
        Require(actor, ContentPermission.Withdraw);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ContentValidationException([new ContentProblem("reason", ContentProblemKind.Required, CoreText.Get("WithdrawReasonRequired"))]);
        }

        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        if (item.Status is not (ContentStatus.Published or ContentStatus.Expired))
        {
            throw new ContentStateException(CoreText.Get("OnlyPublishedWithdrawn"));
        }

        using (As(actor))
        {
            item.Status = ContentStatus.Withdrawn;
            CancelReview(item);
            item.UpdatedAt = time.GetUtcNow();
            auditLog.Record(site.Id, AuditAction.Withdrawn, ItemEntity, item.Id.ToString(), new { reason = reason.Trim() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return item;
    }

    /// <summary>
    /// For the scheduler: publishes the item's approved version if its time has come. A version
    /// that no longer passes the checks (its policy was withdrawn meanwhile) is sent back instead.
    /// </summary>
    public async Task<bool> PublishIfDueAsync(Guid itemId, CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        var item = await FindAsync(site, itemId, cancellationToken);
        if (item.Review != ReviewState.Scheduled || item.ScheduledAt > time.GetUtcNow())
        {
            return false;
        }

        var version = item.ReviewVersion!.Value;
        var draft = await LoadVersionAsync(site, item.Id, version, cancellationToken);
        var (clean, problems, findings) = await CheckForPublishAsync(site, item, draft, cancellationToken);
        if (findings.Count > 0 && item.PersonalDataOverride is null)
        {
            problems = [.. problems, .. PersonalDataProblems(findings)];
        }

        using (As(ContentActor.System("scheduler")))
        {
            if (problems.Count > 0)
            {
                logger.LogWarning("Scheduled version {Version} of item {Item} on {Site} no longer passes its checks: {Problems}", version, item.Id, site.Slug, problems);
                Reject(site, item, CoreText.Format("ScheduledCheckFailed", string.Join(CoreText.Get("ListSeparator"), problems.Select(p => p.Message))));
                await db.SaveChangesAsync(cancellationToken);
                return false;
            }

            await InTransactionAsync(async () =>
            {
                await PublishAsync(site, item, clean, version, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
        }

        return true;
    }

    /// <summary>For the scheduler: marks the current site's published content past its 失效日期 as expired; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var site = CurrentSite;
        var today = Today();
        var due = await db.ContentItems
            .Where(i => i.TenantId == site.Id && i.Status == ContentStatus.Published && i.ExpiryDate != null && i.ExpiryDate <= today)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        using (As(ContentActor.System("scheduler")))
        {
            foreach (var item in due)
            {
                item.Status = ContentStatus.Expired;
                item.UpdatedAt = time.GetUtcNow();
                auditLog.Record(site.Id, AuditAction.Expired, ItemEntity, item.Id.ToString(), new { expiryDate = item.ExpiryDate });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return due.Count;
    }

    /// <summary>
    /// Creates or updates a published item for <paramref name="site"/> from a recipe or an
    /// import, keyed by <paramref name="importKey"/>, through the same checks as a reviewer's
    /// approval (personal data is never overridden here). Runs in the caller's cluster scope
    /// and transaction when there is one.
    /// </summary>
    public async Task<ImportOutcome> ImportPublishedAsync(
        SiteInfo site, string importKey, string contentType, ContentDraft draft, ContentActor actor, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(contentType, cancellationToken);
        var item = await db.ContentItems.SingleOrDefaultAsync(i => i.TenantId == site.Id && i.ImportKey == importKey, cancellationToken);
        if (item is not null && item.ContentType != contentType)
        {
            throw new ContentValidationException([new ContentProblem("contentType", ContentProblemKind.InvalidValue, CoreText.Format("ImportTypeChanged", importKey, item.ContentType, contentType))]);
        }

        var now = time.GetUtcNow();
        item ??= new ContentItem
        {
            Id = Guid.CreateVersion7(),
            TenantId = site.Id,
            ContentType = contentType,
            Title = draft.Title,
            ImportKey = importKey,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var isNew = item.CurrentVersion == 0;
        var (clean, problems, findings) = await CheckForPublishAsync(site, item, draft, cancellationToken);
        ThrowIfAny([.. problems, .. PersonalDataProblems(findings)]);

        if (!isNew && item.PublishedVersion == item.CurrentVersion && item.Status != ContentStatus.Withdrawn
            && Same(await LoadVersionAsync(site, item.Id, item.CurrentVersion, cancellationToken), clean))
        {
            return ImportOutcome.Unchanged;
        }

        using (As(actor))
        {
            await InTransactionAsync(async () =>
            {
                if (isNew)
                {
                    db.ContentItems.Add(item);
                }

                var version = AddVersion(item, clean, actor, CoreText.Get("VersionImported"));
                await PublishAsync(site, item, clean, version, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
        }

        return isNew ? ImportOutcome.Created : ImportOutcome.Updated;
    }

    /// <summary>
    /// Creates or updates a published item for <paramref name="site"/> from content an old
    /// website published, keyed by <paramref name="importKey"/>. It is held to what such content
    /// can meet: a column of the site that takes the type, the site's own files, sanitised text
    /// and no personal data (which fails the import). What it lacks for its type (required
    /// fields and metadata, a body, image alt text) does not stop it, since it was public
    /// already: it is returned, for the webmaster to complete. A new item keeps the old 索引号
    /// unless the site already uses it. An item edited or withdrawn on this site since its last
    /// import is left alone. Runs in the caller's transaction when there is one.
    /// </summary>
    public async Task<LegacyImportResult> ImportLegacyAsync(
        SiteInfo site, string importKey, string contentType, ContentDraft draft, ContentActor actor, LegacyContent legacy, CancellationToken cancellationToken = default)
    {
        var type = await types.GetAsync(contentType, cancellationToken);
        var item = await db.ContentItems.SingleOrDefaultAsync(i => i.TenantId == site.Id && i.ImportKey == importKey, cancellationToken);
        if (item is not null && item.ContentType != contentType)
        {
            throw new ContentValidationException([new ContentProblem("contentType", ContentProblemKind.InvalidValue, CoreText.Format("ImportTypeChanged", importKey, item.ContentType, contentType))]);
        }

        var problems = new List<ContentProblem>();
        var clean = checker.Clean(draft, type, complete: false, problems);
        await CheckColumnAsync(site, clean.ColumnId, type, problems, cancellationToken);
        await CheckAttachmentsAsync(site, clean, problems, cancellationToken);
        ThrowIfAny([.. problems, .. PersonalDataProblems(checker.ScanPersonalData(clean, type))]);
        var incomplete = checker.Incomplete(clean, type);

        if (item is not null)
        {
            var imported = await db.ContentVersions.AsNoTracking()
                .Where(v => v.TenantId == site.Id && v.ItemId == item.Id && v.CreatedBy == actor.Name)
                .OrderByDescending(v => v.Number)
                .Select(v => new { v.Number, v.Snapshot })
                .FirstOrDefaultAsync(cancellationToken);
            if (imported is not null && Same(JsonSerializer.Deserialize<ContentDraft>(imported.Snapshot, SnapshotJson)!, clean))
            {
                return new LegacyImportResult(ImportOutcome.Unchanged, item.Id, incomplete, false);
            }

            if (imported is null || item.CurrentVersion != imported.Number || item.PublishedVersion != item.CurrentVersion || item.Status == ContentStatus.Withdrawn)
            {
                return new LegacyImportResult(ImportOutcome.KeptLocalChanges, item.Id, incomplete, false);
            }
        }

        var isNew = item is null;
        var keptIndexNumber = false;
        if (item is null)
        {
            var now = time.GetUtcNow();
            item = new ContentItem
            {
                Id = legacy.NewItemId,
                TenantId = site.Id,
                ContentType = contentType,
                Title = clean.Title,
                ImportKey = importKey,
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (legacy.IndexNumber is { Length: > 0 and <= 64 } indexNumber
                && !await db.ContentItems.AnyAsync(i => i.TenantId == site.Id && i.IndexNumber == indexNumber, cancellationToken))
            {
                item.IndexNumber = indexNumber;
                keptIndexNumber = true;
            }
        }

        using (As(actor))
        {
            await InTransactionAsync(async () =>
            {
                if (isNew)
                {
                    db.ContentItems.Add(item);
                }

                var version = AddVersion(item, clean, actor, CoreText.Get("VersionImported"));
                await PublishAsync(site, item, clean, version, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
        }

        return new LegacyImportResult(isNew ? ImportOutcome.Created : ImportOutcome.Updated, item.Id, incomplete, keptIndexNumber);
    }

    /// <summary>Copies a checked version into the item and makes it live; the caller saves, inside its transaction.</summary>
    private async Task PublishAsync(SiteInfo site, ContentItem item, ContentDraft draft, int version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Apply(item, draft);
        item.PublishedAt ??= draft.PublishedAt ?? now;
        item.IndexNumber ??= await indexNumbers.NextAsync(site, BeijingTime.YearOf(item.PublishedAt.Value), cancellationToken);
        var wasPublic = item.PublishedVersion is not null && item.Status != ContentStatus.Withdrawn;
        item.PublishedVersion = version;
        item.Status = item.ExpiryDate is { } expiry && expiry <= Today() ? ContentStatus.Expired : ContentStatus.Published;
        item.Review = ReviewState.None;
        item.ReviewVersion = null;
        item.ScheduledAt = null;
        item.UpdatedAt = now;

        var type = await types.GetAsync(item.ContentType, cancellationToken);
        var wanted = ContentFieldValidator.References(type, draft.Fields).Select(r => (r.Field.Name!, r.Target)).ToHashSet();
        var existing = await db.ContentRelations.Where(r => r.TenantId == site.Id && r.FromItemId == item.Id).ToListAsync(cancellationToken);
        db.ContentRelations.RemoveRange(existing.Where(r => !wanted.Contains((r.Field, r.ToItemId))));
        foreach (var (field, target) in wanted.Where(w => !existing.Any(r => (r.Field, r.ToItemId) == w)))
        {
            db.ContentRelations.Add(new ContentRelation { TenantId = site.Id, FromItemId = item.Id, Field = field, ToItemId = target });
        }

        auditLog.Record(site.Id, AuditAction.Published, ItemEntity, item.Id.ToString(), new { version, item.IndexNumber, status = item.Status.ToString() });
        if (!wasPublic && item.Disclosure == DisclosureAttribute.Proactive)
        {
            // Sites subscribed to this column receive it in the same transaction.
            await subscriptions.FanOutAsync(site, item, audit.Actor, cancellationToken);
        }

        logger.LogInformation("Published version {Version} of {Item} ({IndexNumber}) on {Site}", version, item.Id, item.IndexNumber, site.Slug);
    }

    private async Task<(ContentDraft Clean, List<ContentProblem> Problems, IReadOnlyList<PersonalDataFinding> Findings)> CheckForPublishAsync(
        SiteInfo site, ContentItem item, ContentDraft draft, CancellationToken cancellationToken)
    {
        var type = await types.GetAsync(item.ContentType, cancellationToken);
        var problems = new List<ContentProblem>();
        var clean = checker.Clean(draft, type, complete: true, problems);
        await CheckColumnAsync(site, clean.ColumnId, type, problems, cancellationToken);
        await CheckAttachmentsAsync(site, clean, problems, cancellationToken);
        foreach (var (field, target) in ContentFieldValidator.References(type, clean.Fields))
        {
            var linked = await db.ContentItems.AsNoTracking()
                .Where(i => i.TenantId == site.Id && i.Id == target)
                .Select(i => new { i.ContentType, i.Status, i.Review })
                .SingleOrDefaultAsync(cancellationToken);
            if (linked is null || linked.ContentType != field.ContentType)
            {
                problems.Add(new ContentProblem($"fields.{field.Name}", ContentProblemKind.ReferenceMissing, CoreText.Format("ReferenceMissing", field.DisplayName)));
            }
            else if (linked.Status != ContentStatus.Published && linked.Review != ReviewState.Scheduled)
            {
                problems.Add(new ContentProblem($"fields.{field.Name}", ContentProblemKind.ReferenceMissing, CoreText.Format("ReferenceUnpublished", field.DisplayName)));
            }
        }

        return (clean, problems, checker.ScanPersonalData(clean, type));
    }

    /// <summary>The column must be this site's, and its catalogue node (or a local column's nearest catalogue ancestor) must allow the type.</summary>
    private async Task CheckColumnAsync(SiteInfo site, Guid columnId, ContentTypeDefinition type, List<ContentProblem> problems, CancellationToken cancellationToken)
    {
        var columns = await db.Columns.AsNoTracking().Where(c => c.TenantId == site.Id)
            .Select(c => new { c.Id, c.ParentId, c.CatalogueCode, c.Name })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        if (!columns.TryGetValue(columnId, out var column))
        {
            problems.Add(new ContentProblem("columnId", ContentProblemKind.NotAllowedHere, CoreText.Get("ColumnNotOfSite")));
            return;
        }

        var withCode = column;
        while (withCode.CatalogueCode is null && withCode.ParentId is { } parent && columns.TryGetValue(parent, out var up))
        {
            withCode = up;
        }

        if (withCode.CatalogueCode is not { } code)
        {
            return;
        }

        var allowed = await db.CatalogueNodes.AsNoTracking().Where(n => n.Code == code).Select(n => n.ContentTypes).SingleOrDefaultAsync(cancellationToken) ?? [];
        if (allowed.Count > 0 && !allowed.Contains(type.Name!))
        {
            var all = await types.AllAsync(cancellationToken);
            var names = allowed.Select(a => all.GetValueOrDefault(a)?.DisplayName ?? a);
            problems.Add(new ContentProblem("columnId", ContentProblemKind.NotAllowedHere,
                CoreText.Format("TypeNotAllowedInColumn", column.Name, string.Join(CoreText.Get("NameSeparator"), names), type.DisplayName)));
        }
    }

    /// <summary>Attachments come from the site's own media library.</summary>
    private async Task CheckAttachmentsAsync(SiteInfo site, ContentDraft draft, List<ContentProblem> problems, CancellationToken cancellationToken)
    {
        if (draft.Attachments.Count == 0)
        {
            return;
        }

        var ids = draft.Attachments.Select(a => a.MediaId).ToList();
        var known = await db.MediaItems.AsNoTracking().Where(m => m.TenantId == site.Id && ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < draft.Attachments.Count; i++)
        {
            if (!known.Contains(draft.Attachments[i].MediaId))
            {
                problems.Add(new ContentProblem($"attachments[{i}]", ContentProblemKind.ReferenceMissing, CoreText.Format("AttachmentNotOfSite", draft.Attachments[i].Name)));
            }
        }
    }

    private async Task<ContentItem> FindAsync(SiteInfo site, Guid itemId, CancellationToken cancellationToken, bool tracked = true)
    {
        var items = tracked ? db.ContentItems : db.ContentItems.AsNoTracking();
        return await items.SingleOrDefaultAsync(i => i.TenantId == site.Id && i.Id == itemId, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("ItemNotFound", itemId));
    }

    private async Task<ContentDraft> LoadVersionAsync(SiteInfo site, Guid itemId, int number, CancellationToken cancellationToken)
    {
        var snapshot = await db.ContentVersions.AsNoTracking()
            .Where(v => v.TenantId == site.Id && v.ItemId == itemId && v.Number == number)
            .Select(v => v.Snapshot)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("VersionNotFound", number));
        return JsonSerializer.Deserialize<ContentDraft>(snapshot, SnapshotJson)!;
    }

    private int AddVersion(ContentItem item, ContentDraft draft, ContentActor actor, string note)
    {
        item.CurrentVersion++;
        db.ContentVersions.Add(new ContentVersion
        {
            Id = Guid.CreateVersion7(),
            TenantId = item.TenantId,
            ItemId = item.Id,
            Number = item.CurrentVersion,
            Snapshot = JsonSerializer.Serialize(draft, SnapshotJson),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor.Name,
            Note = note,
        });
        return item.CurrentVersion;
    }

    /// <summary>Copies a draft's editable fields onto an item (a preview applies it to a detached copy).</summary>
    public static void Apply(ContentItem item, ContentDraft draft)
    {
        item.ColumnId = draft.ColumnId;
        item.Title = draft.Title;
        item.Summary = draft.Summary;
        item.Body = draft.Body;
        item.Fields = draft.Fields.ToJsonString(SnapshotJson);
        item.Attachments = [.. draft.Attachments];
        item.Publisher = draft.Publisher;
        item.DocumentNumber = draft.DocumentNumber;
        item.WrittenDate = draft.WrittenDate;
        item.EffectiveDate = draft.EffectiveDate;
        item.ExpiryDate = draft.ExpiryDate;
        item.TopicCategory = draft.TopicCategory;
        item.GenreCategory = draft.GenreCategory;
        item.Audience = draft.Audience;
        item.Keywords = draft.Keywords;
        item.Source = draft.Source;
        item.Disclosure = draft.Disclosure;
        item.DisclosureReason = draft.DisclosureReason;
        item.DisclosureNote = draft.DisclosureNote;
    }

    private void Reject(SiteInfo site, ContentItem item, string comment)
    {
        auditLog.Record(site.Id, AuditAction.Rejected, ItemEntity, item.Id.ToString(), new { version = item.ReviewVersion, comment });
        item.Review = ReviewState.Rejected;
        item.ReviewComment = comment;
        item.ScheduledAt = null;
        item.UpdatedAt = time.GetUtcNow();
    }

    private static void CancelReview(ContentItem item)
    {
        if (item.Review is ReviewState.Submitted or ReviewState.Scheduled)
        {
            item.Review = ReviewState.None;
            item.ReviewVersion = null;
            item.ScheduledAt = null;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own unless the caller has one; on failure nothing of it stays.</summary>
    private async Task InTransactionAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await work();
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await RecipeExecutor.RollBackQuietlyAsync(transaction, logger);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private static bool Same(ContentDraft a, ContentDraft b) =>
        JsonSerializer.Serialize(a with { PublishedAt = null }, SnapshotJson) == JsonSerializer.Serialize(b with { PublishedAt = null }, SnapshotJson);

    private static List<ContentProblem> PersonalDataProblems(IEnumerable<PersonalDataFinding> findings) =>
        [.. findings.Select(f => new ContentProblem(f.Field, ContentProblemKind.PersonalData,
            CoreText.Format("PersonalDataFound", KindName(f.Kind), f.Masked)))];

    private static string KindName(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.IdCard => CoreText.Get("PersonalData_IdCard"),
        PersonalDataKind.Mobile => CoreText.Get("PersonalData_Mobile"),
        _ => CoreText.Get("PersonalData_BankCard"),
    };

    private static void Require(ContentActor actor, ContentPermission permission)
    {
        if (!actor.Can(permission))
        {
            throw new ContentPermissionException(permission switch
            {
                ContentPermission.Edit => CoreText.Get("NoEditPermission"),
                ContentPermission.Review => CoreText.Get("NoReviewPermission"),
                _ => CoreText.Get("NoWithdrawPermission"),
            });
        }
    }

    private static void ThrowIfAny(List<ContentProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new ContentValidationException(problems);
        }
    }

    private DateOnly Today() => BeijingTime.Today(time);

    private ActorScope As(ContentActor actor) => new(audit, actor.Name);

    private readonly struct ActorScope : IDisposable
    {
        private readonly AuditContext _audit;
        private readonly string _previous;

        public ActorScope(AuditContext audit, string actor)
        {
            _audit = audit;
            _previous = audit.Actor;
            audit.Actor = actor;
        }

        public void Dispose() => _audit.Actor = _previous;
    }
}
