using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Crawling;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.SiteMigration;

/// <summary>What to migrate and how.</summary>
/// <param name="Source">An http(s) address of the old site, or a folder holding a saved mirror of it.</param>
/// <param name="StateFolder">Where the run keeps what it has done, so an interrupted run continues.</param>
/// <param name="MappingFile">The column mapping: written by a dry run, read by a real one (proposals are used without it).</param>
/// <param name="DryRun">Read the old site and propose a mapping; import nothing.</param>
/// <param name="Restart">Start afresh even if an interrupted run of the same source could continue.</param>
/// <param name="OldHost">The old site's host name when reading a mirror, so its absolute links count as its own.</param>
public sealed record MigrationRequest(string Source, string StateFolder, string? MappingFile = null, bool DryRun = false, bool Restart = false, string? OldHost = null);

public enum MigrationPhase
{
    Crawling,
    Importing,
    Finishing,
}

/// <summary>How far a run is: pages read of those found, or articles imported of those to import.</summary>
public sealed record MigrationProgress(MigrationPhase Phase, int Done, int Total);

/// <summary>
/// Migrates an old, under-resourced website into a site of the cluster: crawls it (or reads a
/// saved mirror) with <see cref="Crawler"/>, tells list pages from articles
/// (<see cref="LegacyPageReader"/>), puts its columns together (<see cref="LegacySite"/>), maps
/// them to the site's columns (<see cref="ColumnMapping"/>, proposed by
/// <see cref="ColumnMatcher"/>), and imports each article as a published item keyed by its old
/// path (<see cref="Content.Items.ContentService.ImportLegacyAsync"/>) with its files copied
/// through <see cref="Media.MediaService"/>, its links rewritten, and its old address answering
/// 301 (<see cref="LegacyRedirect"/>). Runs again update what changed and duplicate nothing;
/// an interrupted run continues from its state folder. Works for one site: no cluster scope.
/// </summary>
public sealed partial class SiteMigrationImporter(
    IServiceScopeFactory scopes,
    CrawlerFactory crawlers,
    IOptions<SiteClusterOptions> options,
    TimeProvider time,
    ILogger<SiteMigrationImporter> logger)
{
    /// <summary>The actor versions and audit entries of a migration are recorded under.</summary>
    public const string ActorName = "migration";

    private MigrationOptions Settings => options.Value.Migration;

    public async Task<MigrationReport> RunAsync(SiteInfo site, MigrationRequest request, IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (site.IsReadOnly)
        {
            throw new MigrationInputException($"Site '{site.Slug}' is archived: nothing can be imported into it.");
        }

        var (crawler, source) = CrawlerFor(request);
        using var _ = crawler;
        if (!request.DryRun && request.MappingFile is { } mappingFile && !File.Exists(mappingFile))
        {
            throw new MigrationInputException($"{mappingFile}: no such mapping file (a dry run writes one).");
        }

        using var state = MigrationState.Open(request.StateFolder, source, request.DryRun, request.Restart, time.GetUtcNow());
        var started = Stopwatch.GetTimestamp();
        var report = new MigrationReport
        {
            Site = site.Slug,
            Source = source,
            DryRun = request.DryRun,
            Resumed = state.Resumed,
            StartedAt = time.GetUtcNow(),
            MappingFile = request.MappingFile ?? (request.DryRun ? Path.Combine(request.StateFolder, "mapping.json") : null),
        };
        await SaveRunAsync(site, state.Run.RunId, report, MigrationRunStatus.Running, CancellationToken.None);
        logger.LogInformation("Migration of {Source} into {Site} started ({Mode}{Resumed})", source, site.Slug, request.DryRun ? "dry run" : "import", state.Resumed ? ", resumed" : string.Empty);

        try
        {
            var legacy = await CrawlAsync(crawler, state, report, progress, cancellationToken);
            var targets = await TargetsAsync(site, cancellationToken);
            var mapping = Map(site, legacy, targets, request, report);
            if (request.DryRun)
            {
                mapping.Write(report.MappingFile!);
                ReportLinks(legacy, report, pageUrl: null);
            }
            else
            {
                await ImportAsync(site, crawler, legacy, mapping, targets, state, report, progress, cancellationToken);
            }

            report.FinishedAt = time.GetUtcNow();
            report.Seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            state.MarkCompleted();
            await SaveRunAsync(site, state.Run.RunId, report, MigrationRunStatus.Completed, CancellationToken.None);
            progress?.Report(new MigrationProgress(MigrationPhase.Finishing, 1, 1));
            return report;
        }
        catch (Exception ex)
        {
            report.Seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            await SaveRunAsync(site, state.Run.RunId, report, MigrationRunStatus.Interrupted, CancellationToken.None);
            if (ex is not MigrationInputException)
            {
                logger.LogWarning("Migration of {Source} into {Site} stopped: {Error}; run it again to continue", source, site.Slug, ex.Message);
            }

            throw;
        }
    }

    private (Crawler Crawler, string Source) CrawlerFor(MigrationRequest request)
    {
        if (Directory.Exists(request.Source))
        {
            var folder = Path.GetFullPath(request.Source);
            return (crawlers.ForFolder(folder, new Uri($"http://{request.OldHost ?? "legacy.invalid"}/")), folder);
        }

        if (Uri.TryCreate(request.Source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return (crawlers.ForSite(url), url.AbsoluteUri);
        }

        throw new MigrationInputException($"'{request.Source}' is neither a folder nor an http(s) address.");
    }

    /// <summary>Reads the old site from its start page (or continues an interrupted crawl) and puts it together.</summary>
    private async Task<LegacySite> CrawlAsync(Crawler crawler, MigrationState state, MigrationReport report, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var pages = new Dictionary<string, LegacyPage>(StringComparer.Ordinal);
        var hints = new ConcurrentDictionary<string, LegacyPageHint>(StringComparer.Ordinal);
        foreach (var page in state.Pages)
        {
            pages[page.Url] = page;
            AddHints(hints, page);
        }

        var seen = new HashSet<string>(pages.Keys, StringComparer.Ordinal);
        var frontier = pages.Count == 0
            ? [crawler.Root]
            : pages.Values.SelectMany(Leads).Distinct().Where(u => !seen.Contains(u)).Select(u => new Uri(u)).ToList();
        var siteName = pages.Values.Where(p => p.Hint == LegacyPageHint.Root).Select(SiteNameOf).FirstOrDefault(n => n is not null);

        await foreach (var page in crawler.CrawlAsync(frontier, seen, (resource, _) =>
        {
            var url = resource.Url.AbsoluteUri;
            var hint = IsHomeAddress(resource.Url) ? LegacyPageHint.Root : hints.GetValueOrDefault(url);
            LegacyPage page;
            try
            {
                page = LegacyPageReader.Read(resource, hint, crawler, siteName);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                page = new LegacyPage { Url = url, Status = resource.StatusCode, Hint = hint, Error = Core.CoreText.Format("Migration_Unreadable", ex.Message) };
            }

            if (hint == LegacyPageHint.Root)
            {
                siteName ??= SiteNameOf(page);
            }

            AddHints(hints, page);
            return Task.FromResult(new CrawlStep<LegacyPage>(page, [.. Leads(page).Select(u => new Uri(u))]));
        }, Settings.MaxPages, cancellationToken))
        {
            pages[page.Url] = page;
            state.Add(page);
            progress?.Report(new MigrationProgress(MigrationPhase.Crawling, pages.Count, seen.Count));
        }

        if (pages.Values.All(p => !p.IsSuccess))
        {
            var why = pages.GetValueOrDefault(crawler.Root.AbsoluteUri) is { } root
                ? root.Status > 0 ? $"it answered {root.Status}" : root.Error ?? "no answer"
                : crawler.Disallowed.Any(u => u == crawler.Root) ? "robots.txt does not allow it (or robots.txt itself could not be read)" : "it was not read";
            throw new MigrationInputException($"The start page {crawler.Root} could not be read: {why}. Nothing was imported.");
        }

        var legacy = LegacySite.Assemble(pages.Values, crawler.Disallowed.Select(u => u.AbsoluteUri));
        report.Pages = new PageCounts
        {
            Seen = pages.Count,
            Lists = pages.Values.Count(p => p.Kind == LegacyPageKind.List),
            Articles = pages.Values.Count(p => p.Kind == LegacyPageKind.Article),
            Other = pages.Values.Count(p => p.Kind == LegacyPageKind.Other && p.IsSuccess),
            Failed = pages.Values.Count(p => !p.IsSuccess),
            Disallowed = crawler.Disallowed.Count,
            LimitReached = crawler.LimitReached,
        };
        report.FailedPages = [.. pages.Values.Where(p => !p.IsSuccess).OrderBy(p => p.Url, StringComparer.Ordinal).Select(p => new MigrationProblem(p.Url, Reason(p)))];
        report.Encodings = new SortedDictionary<string, int>(
            pages.Values.Where(p => p.Encoding is not null).GroupBy(p => p.Encoding!).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        report.Articles.Found = legacy.Articles.Count;
        return legacy;
    }

    private static IEnumerable<string> Leads(LegacyPage page) =>
        page.Links.Concat(page.Items?.Select(i => i.Url) ?? []).Concat(page.Pagination ?? []);

    private static void AddHints(ConcurrentDictionary<string, LegacyPageHint> hints, LegacyPage page)
    {
        foreach (var item in page.Items ?? [])
        {
            hints.TryAdd(item.Url, LegacyPageHint.ListItem);
        }

        foreach (var numbered in page.Pagination ?? [])
        {
            hints[numbered] = LegacyPageHint.Pagination;
        }
    }

    /// <summary>The site's home page under any of its usual names (/, /index.html, /default.aspx…).</summary>
    private static bool IsHomeAddress(Uri url) => url.Query.Length == 0 && HomeAddress().IsMatch(url.AbsolutePath);

    private static string? SiteNameOf(LegacyPage page) =>
        page.SiteName ?? LegacyPageReader.TitleParts(page.Title).FirstOrDefault(p => p is not ("首页" or "网站首页" or "主页"));

    private static string Reason(LegacyPage page) =>
        page.Status is > 0 and not (>= 200 and < 300)
            ? Core.CoreText.Format("Migration_HttpStatus", page.Status)
            : Core.CoreText.Format("Migration_NotRead", page.Error ?? string.Empty);

    /// <summary>The site's visible columns that articles may go to, with the content types each takes.</summary>
    private async Task<List<TargetColumn>> TargetsAsync(SiteInfo site, CancellationToken cancellationToken)
    {
        await using var scope = ScopeFor(site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var columns = await db.Columns.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var nodes = await db.CatalogueNodes.AsNoTracking().ToDictionaryAsync(n => n.Code, n => n.ContentTypes, cancellationToken);
        var types = await scope.ServiceProvider.GetRequiredService<ContentTypeStore>().AllAsync(cancellationToken);
        var anyType = types.Keys.OrderBy(t => t == "Article" ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var byId = columns.ToDictionary(c => c.Id);
        var targets = new List<TargetColumn>();
        foreach (var column in columns)
        {
            var trail = new List<Column>();
            for (Column? c = column; c is not null; c = c.ParentId is { } parent ? byId.GetValueOrDefault(parent) : null)
            {
                trail.Insert(0, c);
            }

            if (trail.Any(c => c.IsHidden) || trail[0].ParentId is not null)
            {
                continue;
            }

            var code = trail.LastOrDefault(c => c.CatalogueCode is not null)?.CatalogueCode;
            var allowed = code is not null && nodes.TryGetValue(code, out var listed) && listed.Count > 0 ? listed.Where(types.ContainsKey).ToList() : anyType;
            targets.Add(new TargetColumn(column.Id, string.Join('/', trail.Select(c => c.Slug)), column.Name, column.CatalogueCode, allowed));
        }

        return targets;
    }

    /// <summary>
    /// The mapping of each old column: the operator's file for a real run (a column it leaves out
    /// goes to the holding column), else proposals; a dry run merges its proposals into an
    /// existing file without touching the operator's choices.
    /// </summary>
    private ColumnMapping Map(SiteInfo site, LegacySite legacy, List<TargetColumn> targets, MigrationRequest request, MigrationReport report)
    {
        var holding = Settings.HoldingColumnSlug;
        var choosable = targets.Where(t => t.Path != holding).ToList();
        var file = request.DryRun ? report.MappingFile : request.MappingFile;
        var existing = file is not null && File.Exists(file) ? ColumnMapping.Read(file) : null;
        if (!request.DryRun && existing is not null)
        {
            foreach (var entry in existing.Columns.Where(e => e.Target is not null))
            {
                if (!targets.Any(t => t.Path == entry.Target!.Trim('/')))
                {
                    throw new MigrationInputException($"{file}: column '{entry.Name}' ({entry.Url}) names '{entry.Target}', which is not a visible column of site '{site.Slug}'.");
                }
            }
        }

        var mapping = new ColumnMapping
        {
            Site = site.Slug,
            Source = report.Source,
            Targets = [.. targets.Select(t => new MappingTarget(t.Path, t.Name, t.ContentTypes))],
        };
        var unsorted = legacy.Articles.Count(a => !legacy.ColumnOf.ContainsKey(a.Url));
        var columns = legacy.Columns.Where(c => c.Articles.Count > 0)
            .Select(c => (c.Key, c.Name, c.Trail, Count: c.Articles.Count))
            .Concat(unsorted > 0 ? [(string.Empty, Core.CoreText.Get("Migration_Unsorted"), (string?)null, unsorted)] : []);
        foreach (var (key, name, trail, count) in columns)
        {
            var entry = new ColumnMappingEntry { Name = name, Url = key, Trail = trail, Articles = count };
            if (existing?.Columns.FirstOrDefault(e => e.Url == key) is { } chosen)
            {
                entry.Target = chosen.Target?.Trim('/');
                entry.ContentType = chosen.ContentType;
                entry.Score = chosen.Score;
            }
            else if (existing is null || request.DryRun)
            {
                var (proposal, score) = key.Length == 0 ? (null, 0) : ColumnMatcher.Propose(name, choosable);
                entry.Target = proposal?.Path;
                entry.Score = score;
            }

            entry.TargetName = targets.FirstOrDefault(t => t.Path == entry.Target)?.Name;
            mapping.Columns.Add(entry);
            var column = new ColumnReport { Name = name, Url = key, Target = entry.Target, TargetName = entry.TargetName, Articles = count };
            report.Columns.Add(column);
            if (entry.Target is null)
            {
                report.UnmappedColumns.Add(column);
            }
        }

        return mapping;
    }

    private AsyncServiceScope ScopeFor(SiteInfo site)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSite(site);
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = ActorName;
        return scope;
    }

    private async Task SaveRunAsync(SiteInfo site, Guid runId, MigrationReport report, MigrationRunStatus status, CancellationToken cancellationToken)
    {
        await using var scope = ScopeFor(site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var run = await db.MigrationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            run = new MigrationRun { Id = runId, TenantId = site.Id, Source = report.Source, DryRun = report.DryRun, StartedAt = report.StartedAt, Report = string.Empty };
            db.MigrationRuns.Add(run);
        }

        run.Status = status;
        run.FinishedAt = status == MigrationRunStatus.Running ? null : time.GetUtcNow();
        run.Report = report.ToJson();
        await db.SaveChangesAsync(cancellationToken);
    }

    [GeneratedRegex("^/((index|default|home|main)\\.(s?html?|aspx?|php|jsp))?$", RegexOptions.IgnoreCase)]
    private static partial Regex HomeAddress();
}
