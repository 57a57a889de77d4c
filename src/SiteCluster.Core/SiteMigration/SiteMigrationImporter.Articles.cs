using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Crawling;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.SiteMigration;

public sealed partial class SiteMigrationImporter
{
    private const int MaxImportKeyLength = 200;

    // Articles imported per transaction: one commit (an fsync on SQLite) for many.
    private const int BatchSize = 50;

    private static readonly ContentActor Actor = ContentActor.System(ActorName);

    /// <summary>Where the articles of each old column go: the column, its path and the content type.</summary>
    private sealed record Destination(Guid ColumnId, string Path, string ContentType);

    /// <summary>Imports every article, then makes the old list and home addresses lead to the new ones.</summary>
    private async Task ImportAsync(
        SiteInfo site, Crawler crawler, LegacySite legacy, ColumnMapping mapping, List<TargetColumn> targets, MigrationState state,
        MigrationReport report, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var destinations = await DestinationsAsync(site, legacy, mapping, targets, report, cancellationToken);
        var context = await ImportContext.LoadAsync(this, site, legacy, destinations, state, report, cancellationToken);
        var done = 0;
        foreach (var page in legacy.Articles.Where(a => state.Articles.ContainsKey(a.Url)))
        {
            Count(report, state.Articles[page.Url]);
            done++;
        }

        var pending = legacy.Articles.Where(a => !state.Articles.ContainsKey(a.Url)).ToList();
        progress?.Report(new MigrationProgress(MigrationPhase.Importing, done, legacy.Articles.Count));
        for (var start = 0; start < pending.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ImportBatchAsync(
                site, crawler, legacy, context, state, pending.GetRange(start, Math.Min(BatchSize, pending.Count - start)), report,
                () => progress?.Report(new MigrationProgress(MigrationPhase.Importing, ++done, legacy.Articles.Count)),
                cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Old list pages lead to their column, the old home page to the home page.
        var redirects = new List<(Uri Url, LegacyRedirect Target)>();
        foreach (var column in legacy.Columns)
        {
            if (context.ColumnDestination(column) is { } destination)
            {
                redirects.AddRange(column.ListUrls.Select(u => (new Uri(u), new LegacyRedirect { PathKey = string.Empty, OldUrl = u, ColumnId = destination.ColumnId })));
            }
        }

        redirects.AddRange(legacy.HomeUrls.Select(u => new Uri(u)).Where(u => u.AbsolutePath != "/" || u.Query.Length > 0)
            .Select(u => (u, new LegacyRedirect { PathKey = string.Empty, OldUrl = u.AbsoluteUri, IsHome = true })));
        await using (var scope = ScopeFor(site))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            context.Redirect(db, site, redirects, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        context.Committed();
        ReportLinks(legacy, report, context.PageUrl);
        foreach (var failed in report.Failures)
        {
            foreach (var link in report.BrokenLinks.ToList().Where(l => l.Target == failed.Url))
            {
                report.BrokenLinks[report.BrokenLinks.IndexOf(link)] = link with { Reason = CoreText.Get("Migration_TargetFailed") };
            }
        }
    }

    private static void Count(MigrationReport report, ArticleOutcomeRecord outcome)
    {
        switch (outcome.Outcome)
        {
            case nameof(ImportOutcome.Created):
                report.Articles.Imported++;
                break;
            case nameof(ImportOutcome.Updated):
                report.Articles.Updated++;
                break;
            case nameof(ImportOutcome.Unchanged):
                report.Articles.Unchanged++;
                break;
            case nameof(ImportOutcome.KeptLocalChanges):
                report.Articles.KeptLocalChanges++;
                break;
            default:
                report.Articles.Failed++;
                report.Failures.Add(new MigrationProblem(outcome.Url, outcome.Reason ?? string.Empty, outcome.Title));
                return;
        }

        if (outcome.Missing is { Count: > 0 } missing)
        {
            report.Incomplete.Add(new IncompleteArticle(outcome.Url, outcome.Title, missing));
        }
    }

    /// <summary>Each mapped old column's column and content type; the holding column (created when needed) for the rest.</summary>
    private async Task<Dictionary<string, Destination>> DestinationsAsync(
        SiteInfo site, LegacySite legacy, ColumnMapping mapping, List<TargetColumn> targets, MigrationReport report, CancellationToken cancellationToken)
    {
        var destinations = new Dictionary<string, Destination>(StringComparer.Ordinal);
        Destination? holding = null;
        foreach (var entry in mapping.Columns)
        {
            if (entry.Target is { } path && targets.FirstOrDefault(t => t.Path == path) is { } target)
            {
                var type = entry.ContentType is { Length: > 0 } chosen ? chosen : target.ContentTypes.Count > 0 ? target.ContentTypes[0] : "Article";
                if (!target.ContentTypes.Contains(type))
                {
                    throw new MigrationInputException($"Column '{target.Name}' ({target.Path}) does not take content of type '{type}'; it takes {string.Join(", ", target.ContentTypes)}.");
                }

                destinations[entry.Url] = new Destination(target.Id, target.Path, type);
                continue;
            }

            holding ??= await HoldingColumnAsync(site, cancellationToken);
            destinations[entry.Url] = holding;
            foreach (var column in report.Columns.Where(c => c.Url == entry.Url))
            {
                column.TargetName = Settings.HoldingColumnName;
            }
        }

        return destinations;
    }

    /// <summary>The local column 待整理 at the top of the site, created on first need; it takes any type.</summary>
    private async Task<Destination> HoldingColumnAsync(SiteInfo site, CancellationToken cancellationToken)
    {
        await using var scope = ScopeFor(site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var column = await db.Columns.FirstOrDefaultAsync(c => c.ParentId == null && c.Slug == Settings.HoldingColumnSlug, cancellationToken);
        if (column is null)
        {
            var now = time.GetUtcNow();
            column = new Column
            {
                Id = Guid.CreateVersion7(),
                TenantId = site.Id,
                Name = Settings.HoldingColumnName,
                Slug = Settings.HoldingColumnSlug,
                SortOrder = 10_000,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Columns.Add(column);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the holding column {Column} on {Site}", column.Name, site.Slug);
        }

        return new Destination(column.Id, column.Slug, "Article");
    }

    /// <summary>
    /// Imports a batch of articles in one transaction (one commit for many articles and their
    /// files), each behind a savepoint: an article that fails is rolled back alone, with the bytes
    /// of the files copied for it. What the batch did reaches the state folder once committed; a
    /// cancelled run commits the articles done so far.
    /// </summary>
    private async Task ImportBatchAsync(
        SiteInfo site, Crawler crawler, LegacySite legacy, ImportContext context, MigrationState state, List<LegacyPage> batch,
        MigrationReport report, Action articleDone, CancellationToken cancellationToken)
    {
        await using var scope = ScopeFor(site);
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<SiteClusterDbContext>();
        var store = services.GetRequiredService<IMediaStore>();
        var outcomes = new List<ArticleOutcomeRecord>();
        var copied = new BatchFiles();
        var batchMark = context.Mark();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Each article has a savepoint of its own; EF's one per save would only add statements.
            db.Database.AutoSavepointsEnabled = false;
            for (var i = 0; i < batch.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                var page = batch[i];
                var savepoint = $"article{i}";
                await transaction.CreateSavepointAsync(savepoint, cancellationToken);
                var mark = context.Mark();
                var files = copied.Begin();
                try
                {
                    outcomes.Add(await ImportArticleAsync(services, db, site, crawler, legacy, context, state, page, copied, cancellationToken));
                }
                catch (Exception ex) when (ex is ContentValidationException or DbUpdateException or SiteReadOnlyException)
                {
                    await transaction.RollbackToSavepointAsync(savepoint, CancellationToken.None);
                    context.RollbackTo(mark);
                    foreach (var key in copied.Undo(files))
                    {
                        await store.DeleteAsync(key, CancellationToken.None);
                    }

                    var reason = ex is ContentValidationException validation ? string.Join(CoreText.Get("ListSeparator"), validation.Problems.Select(p => p.Message)) : ex.Message;
                    logger.LogWarning("Article {Url} was not imported: {Reason}", page.Url, reason);
                    outcomes.Add(new ArticleOutcomeRecord(page.Url, "Failed", null, reason, page.Article!.Title));
                }

                db.ChangeTracker.Clear();
                articleDone();
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            // Nothing of the batch stays: neither its rows nor its files' bytes.
            context.RollbackTo(batchMark);
            foreach (var key in copied.StorageKeys)
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }

            throw;
        }

        context.Committed();
        foreach (var (file, isImage, page) in copied.Files)
        {
            state.Add(file);
            var counts = isImage ? report.Images : report.Attachments;
            _ = file switch
            {
                { MediaId: null } => counts.Failed++,
                { Reused: true } => counts.Reused++,
                _ => counts.Copied++,
            };
            if (file.MediaId is null)
            {
                report.FailedFiles.Add(new MigrationProblem(file.Url, file.Error ?? string.Empty, Page: page));
            }
        }

        foreach (var outcome in outcomes)
        {
            state.Add(outcome);
            Count(report, outcome);
        }
    }

    /// <summary>One article with its files, in the caller's transaction; a refusal throws.</summary>
    private async Task<ArticleOutcomeRecord> ImportArticleAsync(
        IServiceProvider services, SiteClusterDbContext db, SiteInfo site, Crawler crawler, LegacySite legacy, ImportContext context, MigrationState state,
        LegacyPage page, BatchFiles copied, CancellationToken cancellationToken)
    {
        var article = page.Article!;
        var destination = context.DestinationOf(page);
        var type = await services.GetRequiredService<ContentTypeStore>().GetAsync(destination.ContentType, cancellationToken);

        var files = new Dictionary<string, FileRecord>(StringComparer.Ordinal);
        foreach (var (url, isImage) in article.Images.Select(u => (u, true)).Concat(article.Attachments.Select(a => (a.Url, false))))
        {
            if (files.ContainsKey(url))
            {
                continue;
            }

            var file = copied.Find(url) ?? state.Files.GetValueOrDefault(url);
            if (file is null)
            {
                (file, var storageKey) = await CopyFileAsync(services, crawler, context, url, cancellationToken);
                copied.Add(file, isImage, page.Url, storageKey);
            }

            files[url] = file;
        }

        var attachments = article.Attachments
            .Where(a => files[a.Url].MediaId is not null)
            .Select(a => new ContentAttachment(files[a.Url].MediaId!.Value, AttachmentName(a)))
            .DistinctBy(a => a.MediaId)
            .ToList();
        var published = article.Published
            ?? (legacy.ListDates.TryGetValue(page.Url, out var listed) ? new DateTimeOffset(listed.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)) : (DateTimeOffset?)null)
            ?? DateFromAddress(new Uri(page.Url));
        var draft = new ContentDraft
        {
            ColumnId = destination.ColumnId,
            Title = article.Title.Length > 300 ? article.Title[..300] : article.Title,
            Body = RewriteBody(article.Body, files, context.PageUrl, crawler),
            Fields = Fields(type, article),
            Attachments = attachments,
            Publisher = Cut(article.Publisher, 200),
            DocumentNumber = Cut(article.DocumentNumber, 100),
            WrittenDate = article.Written,
            PublishedAt = published,
            EffectiveDate = article.Effective,
            ExpiryDate = article.Expiry is { } expiry && (article.Effective is null || expiry > article.Effective) ? expiry : null,
            TopicCategory = Cut(article.TopicCategory, 100),
            GenreCategory = Cut(article.GenreCategory, 100),
            Audience = Cut(article.Audience, 100),
            Keywords = Cut(article.Keywords, 200),
            Source = Cut(article.Source, 200),
        };

        var redirects = context.AddressesOf(page)
            .Select(u => (new Uri(u), new LegacyRedirect { PathKey = string.Empty, OldUrl = u, ItemId = context.ItemIdOf(page) }))
            .Concat(files.Values.Where(f => f.MediaId is not null)
                .Select(f => (new Uri(f.Url), new LegacyRedirect { PathKey = string.Empty, OldUrl = f.Url, MediaId = f.MediaId, MediaName = f.Name })))
            .ToList();
        // Staged first, so they are saved with the item; saved alone when the item is unchanged.
        context.Redirect(db, site, redirects, time.GetUtcNow());
        var result = await services.GetRequiredService<ContentService>()
            .ImportLegacyAsync(site, ImportKeyOf(page), destination.ContentType, draft, Actor, new LegacyContent(context.ItemIdOf(page), article.IndexNumber), cancellationToken);
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        var missing = result.Incomplete.Select(p => p.Message).Concat(published is null ? [CoreText.Get("Migration_NoPublishedDate")] : []).Distinct().ToList();
        return new ArticleOutcomeRecord(page.Url, result.Outcome.ToString(), result.ItemId, null, draft.Title, missing);
    }

    /// <summary>Fetches a file of the old site and copies it into the media library, or finds the same file (content and name) there.</summary>
    private static async Task<(FileRecord File, string? StorageKey)> CopyFileAsync(IServiceProvider services, Crawler crawler, ImportContext context, string url, CancellationToken cancellationToken)
    {
        var resource = await crawler.FetchAsync(new Uri(url), cancellationToken);
        if (!resource.IsSuccess)
        {
            var reason = resource.StatusCode > 0 ? CoreText.Format("Migration_HttpStatus", resource.StatusCode) : CoreText.Format("Migration_NotRead", resource.Error ?? string.Empty);
            return (new FileRecord(url, null, null, false, reason), null);
        }

        var name = LegacyHtml.FileNameOf(new Uri(url));
        var hash = Convert.ToHexStringLower(SHA256.HashData(resource.Content));
        if (context.FindMedia(hash, name) is { } known)
        {
            return (new FileRecord(url, known, name, true, null), null);
        }

        try
        {
            using var stream = new MemoryStream(resource.Content, writable: false);
            var media = await services.GetRequiredService<MediaService>().UploadAsync(stream, name, cancellationToken);
            context.AddMedia(hash, media.FileName, media.Id);
            return (new FileRecord(url, media.Id, media.FileName, false, null), media.StorageKey);
        }
        catch (MediaRejectedException ex)
        {
            var reason = ex.Reason switch
            {
                MediaRejection.Empty => CoreText.Get("Migration_FileEmpty"),
                MediaRejection.TooLarge => CoreText.Get("Migration_FileTooLarge"),
                _ => CoreText.Get("Migration_FileType"),
            };
            return (new FileRecord(url, null, null, false, reason), null);
        }
    }

    /// <summary>The files a batch copied, and which article copied each, so a rolled-back article takes its own back.</summary>
    private sealed class BatchFiles
    {
        private readonly List<(FileRecord File, bool IsImage, string Page, string? StorageKey)> _files = [];

        public IEnumerable<(FileRecord File, bool IsImage, string Page)> Files => _files.Select(f => (f.File, f.IsImage, f.Page));

        public IEnumerable<string> StorageKeys => _files.Select(f => f.StorageKey).OfType<string>();

        public FileRecord? Find(string url) => _files.FirstOrDefault(f => f.File.Url == url).File;

        public int Begin() => _files.Count;

        public void Add(FileRecord file, bool isImage, string page, string? storageKey) => _files.Add((file, isImage, page, storageKey));

        /// <summary>Forgets the files added since <paramref name="mark"/>; returns the storage keys whose bytes must go.</summary>
        public List<string> Undo(int mark)
        {
            var keys = _files.Skip(mark).Select(f => f.StorageKey).OfType<string>().ToList();
            _files.RemoveRange(mark, _files.Count - mark);
            return keys;
        }
    }

    /// <summary>
    /// The body with each copied file and image at its new address, each link to another old page
    /// at that page's new address, and links to pages that have none left at their old path.
    /// </summary>
    private static string? RewriteBody(string? body, Dictionary<string, FileRecord> files, Func<string, string?> pageUrl, Crawler crawler)
    {
        if (body is null)
        {
            return null;
        }

        using var document = new HtmlParser().ParseDocument($"<html><body>{body}</body></html>");
        foreach (var image in document.QuerySelectorAll("img[src]"))
        {
            if (files.GetValueOrDefault(image.GetAttribute("src")!) is { MediaId: { } id } file)
            {
                image.SetAttribute("src", MediaUrl(id, file.Name));
            }
        }

        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            var href = anchor.GetAttribute("href")!;
            if (files.GetValueOrDefault(href) is { MediaId: { } id } file)
            {
                anchor.SetAttribute("href", MediaUrl(id, file.Name));
            }
            else if (pageUrl(href) is { } address)
            {
                anchor.SetAttribute("href", address);
            }
            else if (Uri.TryCreate(href, UriKind.Absolute, out var old) && crawler.IsSameSite(old))
            {
                // No new address: the old path, which a redirect added later can still serve.
                anchor.SetAttribute("href", old.PathAndQuery);
            }
        }

        return document.Body!.InnerHtml;
    }

    private static string MediaUrl(Guid id, string? name) => $"/media/{id}/{Uri.EscapeDataString(name ?? "file")}";

    /// <summary>Type-specific fields an old page states: the article's author and editor, where the type has them.</summary>
    private static JsonObject Fields(ContentTypeDefinition type, LegacyArticle article)
    {
        var fields = new JsonObject();
        if (article.Author is { } author && type.Field("author") is { Type: ContentFieldType.Text } authorField)
        {
            fields[authorField.Name!] = Cut(author, authorField.MaxLength ?? 100);
        }

        if (article.Editor is { } editor && type.Field("editor") is { Type: ContentFieldType.Text } editorField)
        {
            fields[editorField.Name!] = Cut(editor, editorField.MaxLength ?? 100);
        }

        return fields;
    }

    /// <summary>The key an article is imported under: its old path and query (a digest when longer than the key allows).</summary>
    public static string ImportKeyOf(LegacyPage page)
    {
        var url = new Uri(page.Url);
        var key = Uri.UnescapeDataString(url.AbsolutePath) + url.Query;
        return key.Length <= MaxImportKeyLength ? key : "migrated:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    private static string AttachmentName(LegacyLink link)
    {
        var extension = LegacyHtml.FileExtensionOf(new Uri(link.Url));
        var text = link.Text.Length > 180 ? link.Text[..180] : link.Text;
        return text.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? text : text + extension;
    }

    /// <summary>The date many CMSs write into an article's address (t20170411_1000.html, /2019/3/5/).</summary>
    private static DateTimeOffset? DateFromAddress(Uri url) =>
        AddressDate().Match(url.AbsolutePath) is { Success: true } match ? LegacyHtml.ParseDateTime($"{match.Groups["y"].Value}-{match.Groups["m"].Value}-{match.Groups["d"].Value}") : null;

    private static string? Cut(string? value, int length) => value is null ? null : value.Length <= length ? value : value[..length];

    [System.Text.RegularExpressions.GeneratedRegex("t(?<y>(?:19|20)\\d{2})(?<m>\\d{2})(?<d>\\d{2})_\\d+\\.\\w+$|/(?<y>(?:19|20)\\d{2})[-/](?<m>\\d{1,2})[-/](?<d>\\d{1,2})/")]
    private static partial System.Text.RegularExpressions.Regex AddressDate();
}
