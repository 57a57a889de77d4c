using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace SiteCluster.Core.Crawling;

/// <summary>What processing one fetched page gave, and the links it leads to.</summary>
public sealed record CrawlStep<T>(T Value, IReadOnlyList<Uri> Links);

/// <summary>
/// A polite reader of one site: it follows links on the start address's host only, asks
/// robots.txt before each request to a server, keeps at most
/// <see cref="CrawlingOptions.MaxConcurrency"/> requests in flight and starts requests to one
/// host no closer than <see cref="CrawlingOptions.PerHostDelayMilliseconds"/> apart (or the
/// robots.txt Crawl-delay). Retries are the source's (<see cref="HttpResourceSource"/>). A saved
/// mirror on disk is read the same way, without robots.txt or delays. Made by
/// <see cref="CrawlerFactory"/>; safe to use from several tasks at once.
/// </summary>
public sealed class Crawler : IDisposable
{
    private readonly CrawlingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, HostGate> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<Uri> _disallowed = new();

    internal Crawler(IResourceSource source, Uri root, CrawlingOptions options, TimeProvider time, ILogger logger)
    {
        Source = source;
        Root = new UriBuilder(root) { Fragment = string.Empty, Host = root.Host.ToLowerInvariant() }.Uri;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrency);
    }

    public IResourceSource Source { get; }

    /// <summary>The start address: its scheme and host define the site.</summary>
    public Uri Root { get; }

    /// <summary>Addresses robots.txt kept the crawler from, in the order met.</summary>
    public IReadOnlyCollection<Uri> Disallowed => _disallowed;

    /// <summary>True when a crawl stopped adding addresses at its page limit.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>An absolute http(s) address for a link written on a page at <paramref name="baseUri"/>, without its fragment; null for anything else.</summary>
    public static Uri? Resolve(Uri baseUri, string? href)
    {
        var value = href?.Trim();
        if (string.IsNullOrEmpty(value) || value.StartsWith('#'))
        {
            return null;
        }

        if (!Uri.TryCreate(baseUri, value, out var url) || url.Scheme is not ("http" or "https"))
        {
            return null;
        }

        return url.Fragment.Length == 0 ? url : new UriBuilder(url) { Fragment = string.Empty }.Uri;
    }

    /// <summary>Whether <paramref name="url"/> is on the crawled site (its host, by either scheme).</summary>
    public bool IsSameSite(Uri url) => string.Equals(url.Host, Root.Host, StringComparison.OrdinalIgnoreCase) && (url.IsDefaultPort || url.Port == Root.Port);

    /// <summary>One spelling per page: the site's scheme and port for its own addresses, a lower-case host, no fragment.</summary>
    public Uri Canonical(Uri url)
    {
        var builder = new UriBuilder(url) { Fragment = string.Empty, Host = url.Host.ToLowerInvariant() };
        if (IsSameSite(url))
        {
            builder.Scheme = Root.Scheme;
            builder.Port = Root.Port;
        }

        if (builder.Uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    /// <summary>Whether robots.txt lets the crawler fetch <paramref name="url"/> (always, from a mirror).</summary>
    public async Task<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!Source.IsRemote)
        {
            return true;
        }

        var gate = _hosts.GetOrAdd(url.Authority, _ => new HostGate());
        return (await RobotsAsync(url, gate, cancellationToken)).IsAllowed(url);
    }

    /// <summary>Fetches one address politely: robots.txt, the per-host delay and the concurrency limit apply.</summary>
    public async Task<CrawlResource> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!await IsAllowedAsync(url, cancellationToken))
        {
            _disallowed.Enqueue(url);
            return CrawlResource.Failed(url, "disallowed by robots.txt", attempts: 0);
        }

        await _slots.WaitAsync(cancellationToken);
        try
        {
            if (Source.IsRemote)
            {
                var gate = _hosts.GetOrAdd(url.Authority, _ => new HostGate());
                await gate.WaitTurnAsync(DelayFor(gate), _time, cancellationToken);
            }

            return await Source.FetchAsync(url, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Fetches <paramref name="frontier"/> and every same-site address the processed pages lead
    /// to that is not yet in <paramref name="seen"/> (which it fills), at most
    /// <paramref name="maxPages"/> in all; yields each page's value as it is processed. Pages are
    /// processed on the fetching tasks, so processing runs in parallel too.
    /// </summary>
    public async IAsyncEnumerable<T> CrawlAsync<T>(
        IEnumerable<Uri> frontier,
        ISet<string> seen,
        Func<CrawlResource, CancellationToken, Task<CrawlStep<T>>> process,
        int maxPages,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Queue<Uri>();
        async Task EnqueueAsync(Uri url)
        {
            if (seen.Contains(url.AbsoluteUri))
            {
                return;
            }

            if (seen.Count >= maxPages)
            {
                LimitReached = true;
                return;
            }

            seen.Add(url.AbsoluteUri);
            if (await IsAllowedAsync(url, cancellationToken))
            {
                pending.Enqueue(url);
            }
            else
            {
                _disallowed.Enqueue(url);
            }
        }

        foreach (var url in frontier.Select(Canonical))
        {
            await EnqueueAsync(url);
        }

        var running = new List<Task<CrawlStep<T>>>();
        while (pending.Count > 0 || running.Count > 0)
        {
            while (running.Count < _options.MaxConcurrency && pending.Count > 0)
            {
                var url = pending.Dequeue();
                running.Add(Task.Run(async () => await process(await FetchAsync(url, cancellationToken), cancellationToken), cancellationToken));
            }

            var done = await Task.WhenAny(running);
            running.Remove(done);
            var step = await done;
            foreach (var link in step.Links.Select(Canonical).Where(IsSameSite))
            {
                await EnqueueAsync(link);
            }

            yield return step.Value;
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        foreach (var gate in _hosts.Values)
        {
            gate.Dispose();
        }
    }

    private TimeSpan DelayFor(HostGate gate)
    {
        var configured = TimeSpan.FromMilliseconds(_options.PerHostDelayMilliseconds);
        return gate.Robots?.CrawlDelay is { } asked && asked > configured ? asked : configured;
    }

    private async Task<RobotsRules> RobotsAsync(Uri url, HostGate gate, CancellationToken cancellationToken)
    {
        if (gate.Robots is { } known)
        {
            return known;
        }

        await gate.RobotsLock.WaitAsync(cancellationToken);
        try
        {
            if (gate.Robots is null)
            {
                var robotsUrl = new Uri(url, "/robots.txt");
                await gate.WaitTurnAsync(TimeSpan.FromMilliseconds(_options.PerHostDelayMilliseconds), _time, cancellationToken);
                var answer = await Source.FetchAsync(robotsUrl, cancellationToken);
                gate.Robots = answer switch
                {
                    { IsSuccess: true } => RobotsRules.Parse(System.Text.Encoding.UTF8.GetString(answer.Content), _options.UserAgent),
                    { StatusCode: >= 400 and < 500 } => RobotsRules.AllowAll,
                    _ => RobotsRules.DisallowAll,
                };
                if (!answer.IsSuccess && answer.StatusCode is not (>= 400 and < 500))
                {
                    _logger.LogWarning("robots.txt of {Host} could not be read ({Status} {Error}): nothing there is crawled", url.Authority, answer.StatusCode, answer.Error);
                }
            }

            return gate.Robots!;
        }
        finally
        {
            gate.RobotsLock.Release();
        }
    }

    /// <summary>One host's robots.txt and the time its next request may start.</summary>
    private sealed class HostGate : IDisposable
    {
        private readonly SemaphoreSlim _turn = new(1);
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public SemaphoreSlim RobotsLock { get; } = new(1);

        public RobotsRules? Robots { get; set; }

        public void Dispose()
        {
            _turn.Dispose();
            RobotsLock.Dispose();
        }

        public async Task WaitTurnAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
        {
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            await _turn.WaitAsync(cancellationToken);
            try
            {
                var now = time.GetUtcNow();
                if (_next > now)
                {
                    await Task.Delay(_next - now, time, cancellationToken);
                    now = _next;
                }

                _next = now + delay;
            }
            finally
            {
                _turn.Release();
            }
        }
    }
}
