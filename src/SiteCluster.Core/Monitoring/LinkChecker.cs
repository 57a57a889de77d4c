using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Crawling;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>What one run of the link checker did on a site.</summary>
public sealed record LinkCheckResult(SiteInfo Site, int PagesChecked, int LinksChecked, int Broken, bool PassCompleted);

/// <summary>
/// 链接可用性检查: reads a site's public pages from its home (<see cref="MonitoringOptions.PublicBaseUrl"/>)
/// with the polite crawler (robots.txt, bounded concurrency, a per-host delay, retries) and checks
/// every link and image on them, the site's own and other sites'. A run stops at its deadline (or
/// page budget) and keeps where it was (<see cref="LinkCheckState"/>, <see cref="LinkCheckEntry"/>):
/// the next run continues the pass instead of starting again; a completed pass forgets the
/// addresses it no longer met, and the next run starts a new one.
/// </summary>
public sealed class LinkChecker(SiteClusterDbContext db, IClusterScope clusterScope, CrawlerFactory crawlers, IOptions<SiteClusterOptions> options, TimeProvider time, ILogger<LinkChecker> logger)
{
    private const int SaveEvery = 50;

    /// <summary>
    /// Checks <paramref name="site"/> until the pass completes, <paramref name="budget"/> has passed or
    /// <paramref name="pageBudget"/> pages are read in this run. <paramref name="source"/> replaces HTTP (tests, mirrors).
    /// </summary>
    public async Task<LinkCheckResult> CheckAsync(SiteInfo site, TimeSpan budget, int? pageBudget = null, IResourceSource? source = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Monitoring;
        var start = options.Value.Monitoring.PublicUrlOf(site);
        using var scope = clusterScope.Open($"link check of {site.Slug}");
        using var crawler = source is null ? crawlers.ForSite(start) : crawlers.Create(source, start);
        start = crawler.Canonical(start);
        var now = time.GetUtcNow();

        var state = await db.LinkCheckStates.SingleOrDefaultAsync(s => s.TenantId == site.Id, cancellationToken);
        var entries = (await db.LinkCheckEntries.Where(e => e.TenantId == site.Id).ToListAsync(cancellationToken)).ToDictionary(e => e.Url, StringComparer.Ordinal);
        if (state is null)
        {
            state = new LinkCheckState { TenantId = site.Id, StartUrl = start.AbsoluteUri, Pass = 0 };
            db.LinkCheckStates.Add(state);
        }

        if (state.Pass == 0 || state.PassCompletedAt is not null || state.StartUrl != start.AbsoluteUri)
        {
            state.Pass++;
            state.StartUrl = start.AbsoluteUri;
            state.PassStartedAt = now;
            state.PassCompletedAt = null;
            state.PagesChecked = 0;
            state.LinksChecked = 0;
        }

        state.LastRunAt = now;
        var pass = state.Pass;
        var rootPath = start.AbsolutePath;
        bool IsInternal(Uri url) => crawler.IsSameSite(url) && url.AbsolutePath.StartsWith(rootPath, StringComparison.Ordinal);
        bool IsDue(LinkCheckEntry e) => e.SeenInPass == pass && e.CheckedInPass != pass;

        var externals = System.Threading.Channels.Channel.CreateUnbounded<string>();
        void Meet(Uri url, string? foundOn)
        {
            if (!entries.TryGetValue(url.AbsoluteUri, out var entry))
            {
                entry = new LinkCheckEntry { Id = Guid.CreateVersion7(), TenantId = site.Id, Url = url.AbsoluteUri, UrlHash = Hash(url.AbsoluteUri) };
                entries[entry.Url] = entry;
                db.LinkCheckEntries.Add(entry);
            }

            if (entry.SeenInPass != pass)
            {
                entry.SeenInPass = pass;
                entry.FoundOn = foundOn;
                entry.IsPage = IsInternal(url);
                if (!entry.IsPage)
                {
                    externals.Writer.TryWrite(entry.Url);
                }
            }
        }

        void Record(LinkCheckEntry entry, CrawlResource resource)
        {
            entry.CheckedInPass = pass;
            entry.CheckedAt = time.GetUtcNow();
            entry.StatusCode = resource.StatusCode;
            entry.Error = resource.Error is { Length: > 300 } message ? message[..300] : resource.Error;

            // A refusal by robots.txt asked nothing; a redirect elsewhere answered.
            entry.IsBroken = resource.Attempts > 0 && (resource.StatusCode >= 400 || resource.StatusCode == CrawlResource.NoResponse);
        }

        Meet(start, foundOn: null);
        foreach (var entry in entries.Values.Where(e => IsDue(e) && !e.IsPage))
        {
            externals.Writer.TryWrite(entry.Url);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(budget);
        var checkedLinks = new ConcurrentQueue<(string Url, CrawlResource Resource)>();
        var linkWorker = Parallel.ForEachAsync(
            externals.Reader.ReadAllAsync(stop.Token),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Crawling.MaxConcurrency, CancellationToken = stop.Token },
            async (url, token) => checkedLinks.Enqueue((url, await crawler.FetchAsync(new Uri(url), token))));

        var pagesThisRun = 0;
        var linksThisRun = 0;
        var stopped = false;
        void ApplyLinks()
        {
            while (checkedLinks.TryDequeue(out var done))
            {
                Record(entries[done.Url], done.Resource);
                linksThisRun++;
            }
        }

        var seen = entries.Values.Where(e => e.IsPage && e.SeenInPass == pass && !IsDue(e)).Select(e => e.Url).ToHashSet(StringComparer.Ordinal);
        var frontier = entries.Values.Where(e => e.IsPage && IsDue(e)).OrderBy(e => e.FoundOn is not null).Select(e => new Uri(e.Url)).ToList();
        try
        {
            await foreach (var page in crawler.CrawlAsync(frontier, seen, (resource, _) => Task.FromResult(Read(resource, crawler, IsInternal)), settings.LinkCheckMaxPages, stop.Token))
            {
                Record(entries[page.Url.AbsoluteUri], page.Resource);
                foreach (var link in page.Links)
                {
                    Meet(link, page.Url.AbsoluteUri);
                }

                ApplyLinks();
                if (++pagesThisRun % SaveEvery == 0)
                {
                    await db.SaveChangesAsync(cancellationToken);
                }

                if (pagesThisRun == pageBudget)
                {
                    stopped = true;
                    await stop.CancelAsync();
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }

        // Pages robots.txt keeps the checker from are not asked, so not broken; nothing is left to do for them.
        foreach (var refused in crawler.Disallowed.Select(u => u.AbsoluteUri).Where(entries.ContainsKey))
        {
            Record(entries[refused], CrawlResource.Failed(new Uri(refused), "disallowed by robots.txt", attempts: 0));
        }

        externals.Writer.TryComplete();
        try
        {
            await linkWorker;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }

        ApplyLinks();
        state.PagesChecked += pagesThisRun;
        state.LinksChecked += linksThisRun;
        var complete = !stopped && (crawler.LimitReached ? !entries.Values.Any(e => IsDue(e) && !e.IsPage) : !entries.Values.Any(IsDue));
        if (complete)
        {
            state.PassCompletedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        if (complete)
        {
            await db.LinkCheckEntries.Where(e => e.TenantId == site.Id && e.SeenInPass != pass).ExecuteDeleteAsync(cancellationToken);
        }

        var broken = entries.Values.Count(e => e.SeenInPass == pass && e.IsBroken);
        logger.LogInformation("Link check of {Site}: {Pages} pages and {Links} links this run, {Broken} broken, pass {Pass} {State}", site.Slug, pagesThisRun, linksThisRun, broken, pass, complete ? "complete" : "continues");
        return new LinkCheckResult(site, pagesThisRun, linksThisRun, broken, complete);
    }

    /// <summary>The sites whose link check is most overdue first: never checked, then by their last run.</summary>
    public async Task<IReadOnlyList<SiteInfo>> DueSitesAsync(IEnumerable<SiteInfo> sites, CancellationToken cancellationToken = default)
    {
        using var scope = clusterScope.Open("link check order");
        var last = await db.LinkCheckStates.AsNoTracking().Select(s => new { s.TenantId, s.LastRunAt, s.PassCompletedAt }).ToDictionaryAsync(s => s.TenantId, cancellationToken);

        // A pass under way goes before one that would start afresh.
        return [.. sites.Where(s => s.Status == SiteStatus.Active)
            .OrderBy(s => last.ContainsKey(s.Id))
            .ThenBy(s => last.TryGetValue(s.Id, out var l) && l.PassCompletedAt is not null)
            .ThenBy(s => last.TryGetValue(s.Id, out var l) ? l.LastRunAt : DateTimeOffset.MinValue)];
    }

    private sealed record PageLinks(Uri Url, CrawlResource Resource, IReadOnlyList<Uri> Links);

    /// <summary>Every link and image on a page of the site, canonical; the site's own pages are followed.</summary>
    private static CrawlStep<PageLinks> Read(CrawlResource resource, Crawler crawler, Func<Uri, bool> isInternal)
    {
        if (!resource.IsSuccess || !resource.IsHtml || !isInternal(resource.FinalUrl))
        {
            return new CrawlStep<PageLinks>(new PageLinks(resource.Url, resource, []), []);
        }

        var decoded = PageEncoding.Decode(resource.Content, resource.Charset);
        using var document = new HtmlParser().ParseDocument(decoded.Text);
        var baseUri = document.QuerySelector("base[href]") is { } baseElement && Crawler.Resolve(resource.FinalUrl, baseElement.GetAttribute("href")) is { } declared
            ? declared
            : resource.FinalUrl;
        var links = document.QuerySelectorAll("a[href], area[href], img[src], iframe[src]")
            .Select(e => Crawler.Resolve(baseUri, e.GetAttribute("href") ?? e.GetAttribute("src")))
            .OfType<Uri>().Select(crawler.Canonical).DistinctBy(u => u.AbsoluteUri).ToList();
        return new CrawlStep<PageLinks>(new PageLinks(resource.Url, resource, links), [.. links.Where(isInternal)]);
    }

    private static string Hash(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));
}
