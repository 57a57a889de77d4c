using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SiteCluster.Core;

namespace SiteCluster.Web.Public;

/// <summary>A public page as it was sent: its body (compressed when it was sent so), its headers and its tags.</summary>
/// <param name="key">What the page varies by (<see cref="PublicPageCache"/>).</param>
/// <param name="body">The bytes sent.</param>
/// <param name="headers">The response headers to send again (not <c>Date</c>, <c>Content-Length</c> and the like).</param>
/// <param name="etag">The page's ETag, to answer <c>If-None-Match</c> with 304.</param>
/// <param name="created">When it was rendered (for <c>Age</c>).</param>
/// <param name="tags">What evicts it.</param>
public sealed class CachedPublicPage(string key, byte[] body, KeyValuePair<string, StringValues>[] headers, string? etag, DateTimeOffset created, IReadOnlyList<string> tags)
{
    public string Key { get; } = key;

    public byte[] Body { get; } = body;

    public KeyValuePair<string, StringValues>[] Headers { get; } = headers;

    public string? ETag { get; } = etag;

    public DateTimeOffset Created { get; } = created;

    public IReadOnlyList<string> Tags { get; } = tags;
}

/// <summary>
/// Rendered public pages in memory, by key, evicted by tag. Pages are held as the objects they
/// were stored as (nothing is serialized), so a hit costs one lookup. The memory they take is
/// bounded by <see cref="PublicOptions.CacheMegabytes"/> (the least recently used go first) and
/// their life by <see cref="PublicOptions.CacheSeconds"/>.
/// </summary>
/// <remarks>
/// A page rendered from data read before a change must not outlive the change's eviction. Every
/// eviction therefore moves the store's generation on, and a page is stored only if no eviction
/// happened since its render began (<see cref="Generation"/>, <see cref="TryStore"/>): storing
/// and evicting hold the same lock, so neither can slip between the other's check and its
/// write. Lookups take no lock.
/// </remarks>
public sealed class PublicPageStore : IDisposable
{
    private readonly MemoryCache _pages;
    private readonly TimeSpan _lifetime;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<CachedPublicPage>> _tagged = new(StringComparer.Ordinal);
    private readonly PostEvictionDelegate _untag;
    private long _generation;

    public PublicPageStore(IOptions<SiteClusterOptions> options)
    {
        var settings = options.Value.Public;
        _lifetime = TimeSpan.FromSeconds(Math.Max(settings.CacheSeconds, 1));
        _pages = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(settings.CacheMegabytes, 1) * 1024L * 1024L });
        _untag = (_, value, _, _) => Untag((CachedPublicPage)value!);
    }

    /// <summary>Moves on at every eviction; read it before rendering a page and hand it to <see cref="TryStore"/>.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Pages held now (after evictions the memory cache has finished).</summary>
    public int Count => _pages.Count;

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CachedPublicPage? page) => _pages.TryGetValue(key, out page);

    /// <summary>Stores <paramref name="page"/> unless something was evicted since <paramref name="generation"/>.</summary>
    public bool TryStore(CachedPublicPage page, long generation)
    {
        var options = new MemoryCacheEntryOptions
        {
            // The body, the key (UTF-16) and about what the headers and the entry itself take.
            Size = page.Body.Length + (page.Key.Length * 2) + 512,
            AbsoluteExpirationRelativeToNow = _lifetime,
        };
        options.RegisterPostEvictionCallback(_untag);
        lock (_gate)
        {
            if (_generation != generation)
            {
                return false;
            }

            foreach (var tag in page.Tags)
            {
                if (!_tagged.TryGetValue(tag, out var pages))
                {
                    _tagged[tag] = pages = [];
                }

                pages.Add(page);
            }

            _pages.Set(page.Key, page, options);
            return true;
        }
    }

    /// <summary>Removes every page tagged <paramref name="tag"/>, and keeps pages being rendered now from being stored.</summary>
    public void EvictByTag(string tag)
    {
        lock (_gate)
        {
            _generation++;
            if (!_tagged.Remove(tag, out var pages))
            {
                return;
            }

            foreach (var page in pages)
            {
                // The key may hold a newer page by now; removing it too only costs a render.
                _pages.Remove(page.Key);
            }
        }
    }

    /// <summary>After the memory cache let a page go (evicted, expired, replaced or pushed out), forget its tags.</summary>
    private void Untag(CachedPublicPage page)
    {
        lock (_gate)
        {
            foreach (var tag in page.Tags)
            {
                if (_tagged.TryGetValue(tag, out var pages) && pages.Remove(page) && pages.Count == 0)
                {
                    _tagged.Remove(tag);
                }
            }
        }
    }

    public void Dispose() => _pages.Dispose();
}
