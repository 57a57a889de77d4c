using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Testing;
using SiteCluster.Web.Search;

namespace SiteCluster.Web.Tests;

/// <summary>Search as readers use it: one site or the whole province, highlighted, isolated between sites, following reposts.</summary>
public abstract partial class PublicContentTests
{
    [Fact]
    public async Task Searching_a_document_number_on_the_demo_site_finds_the_policy_first()
    {
        await IndexPendingAsync();

        var html = await _client.GetStringAsync("http://mzj.lincang.gov.cn/search?q=" + Uri.EscapeDataString("临民发〔2018〕12号"));

        var first = Regex.Match(html, "<h3><a href=\"([^\"]+)\">(.*?)</a></h3>");
        Assert.Equal("临沧市民政局关于全面推进民政政务公开工作实施方案", Regex.Replace(first.Groups[2].Value, "</?mark>", string.Empty));
        Assert.StartsWith("/zcwj/bjwj/", first.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("<span>临民发〔2018〕12号</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searching_a_county_finds_its_own_and_its_reposted_items_highlighted_and_nothing_of_a_sibling_county_and_the_province_searches_everything()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var sibling = await TestSites.CreateContentTreeAsync(factory.Services);
        var province = TestSites.Site(factory.Services, tree.Province);
        await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "本县低保对象动态管理公示"));
        await PublishAsync(TestSites.Site(factory.Services, sibling.County), Notice(c: null, "邻县低保资金发放公告"));
        var policy = await PublishAsync(province, Notice(c: null, "全省低保审核确认办法"));
        await using (var scope = TestSites.ScopeFor(factory.Services, province))
        {
            await scope.ServiceProvider.GetRequiredService<RepostService>().PushAsync(Editor, policy.Id, new PushTargets(AllBelow: true), "02", hold: false);
        }

        await IndexPendingAsync();
        var county = await _client.GetStringAsync($"http://{tree.CountyHost}/search?q=低保");
        var wholeProvince = await _client.GetStringAsync($"http://{tree.CountyHost}/search?q=低保&scope=province");
        var portal = await _client.GetStringAsync($"http://{tree.ProvinceHost}/search?q=低保");

        Assert.Contains("本县<mark>低保</mark>对象动态管理公示", county, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/zcwj/{policy.Id:N}.html\">全省<mark>低保</mark>审核确认办法</a>", county, StringComparison.Ordinal);
        Assert.Contains($"<span>来源：{province.Name}</span>", county, StringComparison.Ordinal);
        Assert.DoesNotContain("邻县", county, StringComparison.Ordinal);
        Assert.Contains("共找到 2 条结果", county, StringComparison.Ordinal);
        Assert.Contains("邻县<mark>低保</mark>资金发放公告", wholeProvince, StringComparison.Ordinal);
        Assert.Contains("邻县<mark>低保</mark>资金发放公告", portal, StringComparison.Ordinal);
        Assert.Contains("本县<mark>低保</mark>对象动态管理公示", portal, StringComparison.Ordinal);
        Assert.Matches("<input type=\"radio\" name=\"scope\" value=\"province\" checked=\"checked\" />", portal);
    }

    [Fact]
    public async Task A_policy_withdrawn_at_the_province_leaves_every_countys_search()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var province = TestSites.Site(factory.Services, tree.Province);
        var policy = await PublishAsync(province, Notice(c: null, "全省养老服务补贴管理办法"));
        await using (var scope = TestSites.ScopeFor(factory.Services, province))
        {
            await scope.ServiceProvider.GetRequiredService<RepostService>().PushAsync(Editor, policy.Id, new PushTargets(AllBelow: true), "02", hold: false);
        }

        await IndexPendingAsync();
        var before = await SearchJsonAsync($"http://{tree.CountyHost}/api/search?q=养老服务补贴");
        await InSiteAsync(province, (s, _) => s.WithdrawAsync(Reviewer, policy.Id, "政策调整"));
        await IndexPendingAsync();

        Assert.Equal(1, before.GetProperty("total").GetInt32());
        var hit = before.GetProperty("results")[0];
        Assert.Equal("全省养老服务补贴管理办法", hit.GetProperty("title").GetString());
        Assert.Equal(province.Name, hit.GetProperty("source").GetString());
        Assert.Equal($"/zcwj/{policy.Id:N}.html", hit.GetProperty("url").GetString());
        Assert.Equal(0, (await SearchJsonAsync($"http://{tree.CountyHost}/api/search?q=养老服务补贴")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await SearchJsonAsync($"http://{tree.ProvinceHost}/api/search?q=养老服务补贴&scope=site")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_search_that_finds_nothing_says_so_and_offers_the_whole_province()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);

        var html = await _client.GetStringAsync($"http://{tree.CountyHost}/search?q=不存在的词语");
        var empty = await _client.GetStringAsync($"http://{tree.CountyHost}/search");

        Assert.Contains("没有找到与“不存在的词语”相关的信息", html, StringComparison.Ordinal);
        Assert.Contains("在全省政府网站中搜索", html, StringComparison.Ordinal);
        Assert.DoesNotContain("search-results", empty, StringComparison.Ordinal);
        Assert.Contains("<label for=\"search-q\">搜索词</label>", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_public_page_has_a_labelled_search_box_that_goes_to_the_sites_search()
    {
        var html = await _client.GetStringAsync("http://mzj.lincang.gov.cn/");

        Assert.Contains("<form class=\"header-search\" method=\"get\" action=\"/search\" role=\"search\" aria-label=\"站内搜索\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"header-search-q\" class=\"visually-hidden\">搜索词</label>", html, StringComparison.Ordinal);
    }

    private async Task IndexPendingAsync() =>
        await SearchIndexerService.IndexPendingAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), default);

    private async Task<JsonElement> SearchJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
