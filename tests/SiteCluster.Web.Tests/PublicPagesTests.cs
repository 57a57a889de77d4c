using System.Net;
using System.Xml.Linq;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>The site's fixed pages: catalogue, guide, site map, RSS, sitemap.xml, robots.txt and the print view.</summary>
public abstract partial class PublicContentTests
{
    [Fact]
    public async Task The_catalogue_page_shows_the_standard_columns_with_item_counts_and_the_site_map_every_column()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        await PublishAsync(site, Notice(c: null, "目录计数通知"));

        var catalogue = await _client.GetStringAsync($"http://{tree.CountyHost}/catalogue");
        var siteMap = await _client.GetStringAsync($"http://{tree.CountyHost}/sitemap");

        Assert.Contains("<h1>信息公开目录</h1>", catalogue, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/tzgg/\">通知公告</a> <span class=\"count\">（1）</span>", catalogue, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/zcwj/\">政策文件</a>", catalogue, StringComparison.Ordinal);
        Assert.Contains("<h1>网站地图</h1>", siteMap, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/guide\">政府信息公开指南</a>", siteMap, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/tzgg/\">通知公告</a>", siteMap, StringComparison.Ordinal);
    }

    /// <summary>Every page but the home page says where the reader is, in the same place and markup, starting from 首页.</summary>
    [Theory]
    [InlineData("/tzgg/", "通知公告")]
    [InlineData("/catalogue", "信息公开目录")]
    [InlineData("/sitemap", "网站地图")]
    [InlineData("/directory", "政府网站导航")]
    [InlineData("/search?q=通知", "搜索")]
    [InlineData("/mailbox", "政民互动")]
    [InlineData("/apply", "政府信息公开申请")]
    public async Task Every_page_has_breadcrumbs_from_the_home_page_to_itself(string path, string current)
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);

        var html = await _client.GetStringAsync($"http://{tree.CountyHost}{path}");

        var trail = System.Text.RegularExpressions.Regex.Match(html, "<nav class=\"breadcrumbs\" aria-label=\"当前位置\">(.*?)</nav>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(trail.Success, path);
        var crumbs = System.Text.RegularExpressions.Regex.Matches(trail.Groups[1].Value, "<li>\\s*(.*?)\\s*</li>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("<a href=\"/\">首页</a>", crumbs[0]);
        Assert.Equal($"<span aria-current=\"page\">{current}</span>", crumbs[^1]);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "aria-current=\"page\""));
    }

    [Fact]
    public async Task The_guide_address_leads_to_the_sites_guide_or_says_plainly_there_is_none()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);

        var demo = await _client.GetAsync("http://mzj.lincang.gov.cn/guide");
        var none = await _client.GetAsync($"http://{tree.CountyHost}/guide");

        Assert.Equal(HttpStatusCode.Redirect, demo.StatusCode);
        Assert.Contains("临沧市民政局政府信息公开指南", await _client.GetStringAsync($"http://mzj.lincang.gov.cn{demo.Headers.Location}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("本站尚未发布政府信息公开指南。", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_has_an_RSS_feed_and_the_site_a_sitemap_and_robots_txt()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "订阅测试通知"));
        var origin = $"http://{tree.CountyHost}";

        var feed = XDocument.Parse(await _client.GetStringAsync($"{origin}/tzgg/rss.xml"));
        var sitemap = XDocument.Parse(await _client.GetStringAsync($"{origin}/sitemap.xml"));
        var robots = await _client.GetStringAsync($"{origin}/robots.txt");

        var entry = Assert.Single(feed.Root!.Element("channel")!.Elements("item"));
        Assert.Equal(("订阅测试通知", $"{origin}/tzgg/{item.Id:N}.html"), (entry.Element("title")!.Value, entry.Element("link")!.Value));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locations = sitemap.Root!.Elements(ns + "url").Select(u => u.Element(ns + "loc")!.Value).ToList();
        Assert.Contains($"{origin}/tzgg/{item.Id:N}.html", locations);
        Assert.Contains($"{origin}/tzgg/", locations);
        Assert.Contains($"Sitemap: {origin}/sitemap.xml", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /admin", robots, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{origin}/no-such-column/rss.xml")).StatusCode);
    }

    [Fact]
    public async Task An_item_has_a_print_view_without_navigation()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "打印测试通知"));

        var page = await _client.GetStringAsync($"http://{tree.CountyHost}/tzgg/{item.Id:N}.html");
        var print = await _client.GetStringAsync($"http://{tree.CountyHost}/tzgg/{item.Id:N}.html?print=1");

        Assert.Contains("<a href=\"?print=1\" rel=\"nofollow\">打印本页</a>", page, StringComparison.Ordinal);
        Assert.Contains("class=\"print-view\"", print, StringComparison.Ordinal);
        Assert.Contains("<h1>打印测试通知</h1>", print, StringComparison.Ordinal);
    }
}
