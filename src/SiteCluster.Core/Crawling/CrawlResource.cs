namespace SiteCluster.Core.Crawling;

/// <summary>
/// What fetching one address gave: the status, the media type and charset the server declared,
/// the bytes, and after how many attempts. <see cref="FinalUrl"/> differs from
/// <see cref="Url"/> when the site redirected within itself.
/// </summary>
public sealed record CrawlResource(Uri Url, Uri FinalUrl, int StatusCode, string? MediaType, string? Charset, byte[] Content, int Attempts, string? Error = null)
{
    /// <summary>No answer at all (network failure, timeout, refused by robots.txt or by another rule).</summary>
    public const int NoResponse = 0;

    public bool IsSuccess => StatusCode is >= 200 and < 300 && Error is null;

    public bool IsHtml =>
        MediaType is null
            ? LooksLikeHtml(Content)
            : MediaType.Contains("html", StringComparison.OrdinalIgnoreCase);

    public static CrawlResource Failed(Uri url, string error, int attempts = 1, int statusCode = NoResponse) =>
        new(url, url, statusCode, null, null, [], attempts, error);

    private static bool LooksLikeHtml(byte[] content)
    {
        var head = System.Text.Encoding.Latin1.GetString(content, 0, Math.Min(content.Length, 512)).TrimStart();
        return head.StartsWith('<') && (head.Contains("<html", StringComparison.OrdinalIgnoreCase) || head.Contains("<!doctype", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<head", StringComparison.OrdinalIgnoreCase) || head.Contains("<meta", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Where a crawl reads from: the live site over HTTP, or a saved mirror on disk.</summary>
public interface IResourceSource
{
    /// <summary>True when requests reach a server, so robots.txt and per-host delays apply.</summary>
    bool IsRemote { get; }

    /// <summary>Fetches one address; failures come back as a resource with an error, never as an exception (cancellation excepted).</summary>
    Task<CrawlResource> FetchAsync(Uri url, CancellationToken cancellationToken);
}
