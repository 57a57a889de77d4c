using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace SiteCluster.Core.Crawling;

/// <summary>
/// Fetches over HTTP with retries: a network failure, a timeout, 429 or a 5xx answer is tried
/// again up to <see cref="CrawlingOptions.MaxRetries"/> times, waiting
/// <see cref="CrawlingOptions.RetryDelayMilliseconds"/> and twice as long each time after
/// (or what Retry-After asks, up to a minute). Redirects are followed by hand, at most five and
/// only within the same host, so a crawl never wanders to another site.
/// </summary>
public sealed class HttpResourceSource(HttpClient http, CrawlingOptions options, TimeProvider time, ILogger logger) : IResourceSource
{
    private const int MaxRedirects = 5;

    public bool IsRemote => true;

    public async Task<CrawlResource> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            var (resource, location, used) = await FetchWithRetriesAsync(current, cancellationToken);
            attempts += used;
            if (location is null)
            {
                return resource with { Url = url, Attempts = attempts };
            }

            if (redirects == MaxRedirects || !string.Equals(location.Host, url.Host, StringComparison.OrdinalIgnoreCase))
            {
                return resource with { Url = url, Attempts = attempts, Error = $"redirected to {location}" };
            }

            current = location;
        }
    }

    private async Task<(CrawlResource Resource, Uri? Location, int Attempts)> FetchWithRetriesAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.UserAgent.ParseAdd(options.UserAgent);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var target = location.IsAbsoluteUri ? location : new Uri(url, location);
                    return (new CrawlResource(url, target, status, null, null, [], attempt), target, attempt);
                }

                if (!IsTransient(response.StatusCode) || attempt > options.MaxRetries)
                {
                    var content = await ReadLimitedAsync(response.Content, timeout.Token);
                    var type = response.Content.Headers.ContentType;
                    return (new CrawlResource(url, url, status, type?.MediaType, type?.CharSet, content ?? [], attempt,
                        content is null ? $"larger than {options.MaxResponseBytes} bytes" : null), null, attempt);
                }

                retryAfter = RetryAfter(response.Headers.RetryAfter);
                logger.LogInformation("{Url} answered {Status}; trying again (attempt {Attempt})", url, status, attempt + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt > options.MaxRetries)
                {
                    return (CrawlResource.Failed(url, ex is OperationCanceledException ? "timed out" : ex.Message, attempt), null, attempt);
                }

                logger.LogInformation("{Url} failed ({Error}); trying again (attempt {Attempt})", url, ex.Message, attempt + 1);
            }

            var backoff = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds * Math.Pow(2, attempt - 1));
            await Task.Delay(retryAfter is { } asked && asked > backoff ? asked : backoff, time, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } value && value > TimeSpan.Zero ? (value > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : value) : null;
    }

    private async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > options.MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
