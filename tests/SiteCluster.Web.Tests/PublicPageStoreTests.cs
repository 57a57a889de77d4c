using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SiteCluster.Core;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Tests;

/// <summary>The store behind the public page cache: eviction by tag, pages rendered across an eviction, its memory bound.</summary>
public sealed class PublicPageStoreTests
{
    private static PublicPageStore Store(int megabytes = 100) =>
        new(Options.Create(new SiteClusterOptions { Public = new PublicOptions { CacheSeconds = 1800, CacheMegabytes = megabytes } }));

    private static CachedPublicPage Page(string key, int size, params string[] tags) =>
        new(key, new byte[size], [KeyValuePair.Create("Content-Type", new StringValues("text/html; charset=utf-8"))], "\"e\"", DateTimeOffset.UtcNow, tags);

    [Fact]
    public void Evicting_a_tag_removes_its_pages_and_keeps_the_others()
    {
        using var store = Store();
        Assert.True(store.TryStore(Page("a/1", 100, "public", "site:a", "item:1"), store.Generation));
        Assert.True(store.TryStore(Page("a/", 100, "public", "site:a"), store.Generation));
        Assert.True(store.TryStore(Page("b/", 100, "public", "site:b"), store.Generation));

        store.EvictByTag("site:a");

        Assert.False(store.TryGet("a/1", out _));
        Assert.False(store.TryGet("a/", out _));
        Assert.True(store.TryGet("b/", out var kept));
        Assert.Equal("\"e\"", kept.ETag);
    }

    /// <summary>
    /// A page rendered from what the database held before a change, and finished after the
    /// change's eviction, would show the old content until the next change: it is not kept.
    /// </summary>
    [Fact]
    public void A_page_whose_render_began_before_an_eviction_is_not_kept()
    {
        using var store = Store();
        var renderBegan = store.Generation;

        store.EvictByTag("site:a");

        Assert.False(store.TryStore(Page("a/", 100, "public", "site:a"), renderBegan));
        Assert.False(store.TryGet("a/", out _));
        Assert.True(store.TryStore(Page("a/", 100, "public", "site:a"), store.Generation));
        Assert.True(store.TryGet("a/", out _));
    }

    [Fact]
    public void A_page_replaced_under_its_key_is_still_evicted_by_its_tags()
    {
        using var store = Store();
        store.TryStore(Page("a/", 100, "public", "site:a"), store.Generation);
        store.TryStore(Page("a/", 200, "public", "site:a", "column:1"), store.Generation);

        store.EvictByTag("column:1");

        Assert.False(store.TryGet("a/", out _));
    }

    [Fact]
    public void Pages_beyond_the_memory_bound_are_not_kept()
    {
        using var store = Store(megabytes: 1);
        Assert.True(store.TryStore(Page("a/1", 400_000, "public"), store.Generation));
        Assert.True(store.TryStore(Page("a/2", 400_000, "public"), store.Generation));
        store.TryStore(Page("a/3", 400_000, "public"), store.Generation);

        Assert.False(store.TryGet("a/3", out _));
        Assert.True(store.Count <= 2);
    }
}
