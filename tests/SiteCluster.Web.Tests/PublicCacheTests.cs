using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Testing;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Tests;

/// <summary>Cached public pages: served from memory, evicted the moment the public sees a change; ETags, compression, display modes.</summary>
public abstract partial class PublicContentTests
{
    [Fact]
    public async Task A_publish_shows_on_the_cached_home_page_at_once_and_a_withdrawal_removes_it()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var home = $"http://{tree.CountyHost}/";
        await _client.GetStringAsync(home);
        var cached = await _client.GetAsync(home);
        Assert.NotNull(cached.Headers.Age);

        var item = await PublishAsync(site, Notice(c: null, "关于开展冬季防火检查的通知"));
        var afterPublish = await _client.GetAsync(home);
        Assert.Null(afterPublish.Headers.Age);
        Assert.Contains(">关于开展冬季防火检查的通知</a>", await afterPublish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var itemPage = $"http://{tree.CountyHost}/tzgg/{item.Id:N}.html";
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(itemPage)).StatusCode);
        Assert.NotNull((await _client.GetAsync(itemPage)).Headers.Age);

        await InSiteAsync(site, (s, _) => s.WithdrawAsync(Reviewer, item.Id, "内容有误"));

        Assert.DoesNotContain(">关于开展冬季防火检查的通知</a>", await _client.GetStringAsync(home), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(itemPage)).StatusCode);
    }

    [Fact]
    public async Task Readers_asking_at_once_for_a_page_not_yet_cached_all_get_it_and_it_is_rendered_once()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var list = $"http://{tree.CountyHost}/tzgg/";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _client.GetAsync(list)));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Contains("</html>", bodies[0], StringComparison.Ordinal);

        // Only the first was rendered; the others waited for it and got the stored page (with its age).
        Assert.Single(responses, r => r.Headers.Age is null);
    }

    [Fact]
    public async Task A_HEAD_request_gets_the_cached_pages_headers_without_its_body()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var list = $"http://{tree.CountyHost}/tzgg/";
        var page = await _client.GetByteArrayAsync(list);

        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, list));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.NotNull(head.Headers.Age);
        Assert.NotNull(head.Headers.ETag);
        Assert.Equal(page.Length, head.Content.Headers.ContentLength);
        Assert.Equal("text/html", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Public_pages_carry_an_ETag_and_an_unchanged_page_answers_304()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var list = $"http://{tree.CountyHost}/tzgg/";
        var first = await _client.GetAsync(list);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, list);
        again.Headers.IfNoneMatch.Add(etag);
        var cachedAnswer = await _client.SendAsync(again);

        // Rendered afresh (as after a restart), the same bytes still answer 304.
        factory.Services.GetRequiredService<PublicPageStore>().EvictByTag("public");
        using var fresh = new HttpRequestMessage(HttpMethod.Get, list);
        fresh.Headers.IfNoneMatch.Add(etag);
        var renderedAnswer = await _client.SendAsync(fresh);

        Assert.Equal(HttpStatusCode.NotModified, cachedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, renderedAnswer.StatusCode);
        Assert.Empty(await renderedAnswer.Content.ReadAsByteArrayAsync());
        await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "新通知"));
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, list);
        afterChange.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(afterChange)).StatusCode);
    }

    [Fact]
    public async Task The_theme_stylesheet_has_a_fingerprinted_address_cached_for_a_year()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var home = await _client.GetStringAsync($"http://{tree.CountyHost}/");
        var css = Regex.Match(home, "<link rel=\"stylesheet\" href=\"([^\"]+site\\.css\\?v=[^\"]+)\"").Groups[1].Value;

        var response = await _client.GetAsync($"http://{tree.CountyHost}{WebUtility.HtmlDecode(css)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains(".skip-link", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_pages_are_compressed_for_browsers_that_accept_it_and_cached_per_encoding()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        async Task<HttpResponseMessage> GetAsync(string? encoding)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{tree.CountyHost}/");
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            }

            return await _client.SendAsync(request);
        }

        var brotli = await GetAsync("br");
        var brotliAgain = await GetAsync("br");
        var plain = await GetAsync(null);
        var gzip = await GetAsync("gzip");

        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        Assert.Equal("br", Assert.Single(brotliAgain.Content.Headers.ContentEncoding));
        Assert.NotNull(brotliAgain.Headers.Age);
        Assert.Equal(await brotli.Content.ReadAsByteArrayAsync(), await brotliAgain.Content.ReadAsByteArrayAsync());
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.StartsWith("<!DOCTYPE html>", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        await using var unzipped = new System.IO.Compression.GZipStream(await gzip.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.StartsWith("<!DOCTYPE html>", await new StreamReader(unzipped).ReadToEndAsync(), StringComparison.Ordinal);

        // Each representation has an ETag of its own (a strong ETag names exact bytes), and every
        // one says it varies by Accept-Encoding, so a shared cache keeps them apart.
        var etags = new[] { brotli, plain, gzip }.Select(r => r.Headers.ETag?.Tag).ToList();
        Assert.Equal(3, etags.Distinct().Count(t => t is not null));
        Assert.Equal(brotli.Headers.ETag?.Tag, brotliAgain.Headers.ETag?.Tag);
        Assert.All(new[] { brotli, plain, gzip }, r => Assert.Equal("Accept-Encoding", Assert.Single(r.Headers.Vary)));
    }

    [Fact]
    public async Task A_compressed_pages_ETag_answers_304_only_for_the_same_encoding()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var list = $"http://{tree.CountyHost}/tzgg/";
        async Task<HttpResponseMessage> GetAsync(string? encoding, EntityTagHeaderValue? etag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, list);
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            }

            if (etag is not null)
            {
                request.Headers.IfNoneMatch.Add(etag);
            }

            return await _client.SendAsync(request);
        }

        var brotliTag = (await GetAsync("br", null)).Headers.ETag;
        Assert.NotNull(brotliTag);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync("br", brotliTag)).StatusCode);

        // Rendered afresh (as after a restart), the same.
        factory.Services.GetRequiredService<PublicPageStore>().EvictByTag("public");
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync("br", brotliTag)).StatusCode);

        var plain = await GetAsync(null, brotliTag);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.StartsWith("<!DOCTYPE html>", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_text_and_high_contrast_are_switched_by_plain_links_and_kept_in_a_cookie()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"http://{tree.CountyHost}") });
        var home = await client.GetStringAsync("/tzgg/");
        var large = WebUtility.HtmlDecode(Regex.Match(home, "<a href=\"([^\"]+)\" rel=\"nofollow\">大字版</a>").Groups[1].Value);

        var switched = await client.GetAsync(large);
        Assert.Equal("/tzgg/", switched.Headers.Location?.OriginalString);
        var big = await client.GetStringAsync("/tzgg/");
        var contrast = WebUtility.HtmlDecode(Regex.Match(big, "<a href=\"([^\"]+)\" rel=\"nofollow\">高对比度</a>").Groups[1].Value);
        await client.GetAsync(contrast);
        var both = await client.GetStringAsync("/tzgg/");

        Assert.Contains("class=\"large-text\"", big, StringComparison.Ordinal);
        Assert.Contains(">标准字号</a>", big, StringComparison.Ordinal);
        Assert.Contains("class=\"large-text high-contrast\"", both, StringComparison.Ordinal);
        Assert.DoesNotContain("large-text", await _client.GetStringAsync($"http://{tree.CountyHost}/tzgg/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_disabled_after_its_pages_were_cached_answers_503_at_once()
    {
        var (json, tree) = TestSites.TreeRecipe();
        await TestSites.ApplyAsync(factory.Services, json);
        var home = $"http://{tree.CountyHost}/";
        await _client.GetAsync(home);
        Assert.NotNull((await _client.GetAsync(home)).Headers.Age);

        var recipe = JsonNode.Parse(json)!;
        recipe["steps"]![0]!["sites"]![0]!["children"]![0]!["children"]![0]!["status"] = "Disabled";
        await TestSites.ApplyAsync(factory.Services, recipe.ToJsonString());

        var response = await _client.GetAsync(home);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("暂停服务", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_the_sign_in_cookie_is_answered_afresh_and_never_cached()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var list = $"http://{tree.CountyHost}/tzgg/";
        await _client.GetAsync(list);
        Assert.NotNull((await _client.GetAsync(list)).Headers.Age);

        async Task<HttpResponseMessage> SignedInAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", "sitecluster.admin=anything");
            return await _client.SendAsync(request);
        }

        var signedIn = await SignedInAsync(list);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Null(signedIn.Headers.Age);

        // A page first asked for with the cookie is not kept for the public either.
        var directory = $"http://{tree.CountyHost}/directory";
        await SignedInAsync(directory);
        Assert.Null((await _client.GetAsync(directory)).Headers.Age);
        Assert.NotNull((await _client.GetAsync(directory)).Headers.Age);
    }

    [Fact]
    public async Task Forms_and_search_are_never_served_from_the_cache()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        foreach (var path in new[] { "/mailbox/write", "/apply", "/search?q=通知" })
        {
            await _client.GetAsync($"http://{tree.CountyHost}{path}");
            var again = await _client.GetAsync($"http://{tree.CountyHost}{path}");
            Assert.Equal((path, HttpStatusCode.OK), (path, again.StatusCode));
            Assert.Null(again.Headers.Age);
        }
    }

    /// <summary>Cached pages are served before authorization and the rate limiter run: a page that needs either must not be cached.</summary>
    [Fact]
    public void No_cached_page_needs_authorization_or_a_rate_limit()
    {
        var cached = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<CachedPublicPageAttribute>() is not null).ToList();

        Assert.True(cached.Count >= 7, $"{cached.Count} cached page endpoints");
        Assert.All(cached, e =>
        {
            Assert.Empty(e.Metadata.GetOrderedMetadata<IAuthorizeData>());
            Assert.Null(e.Metadata.GetMetadata<EnableRateLimitingAttribute>());
        });
    }
}
