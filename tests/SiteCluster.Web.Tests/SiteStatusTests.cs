using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>Unknown hosts, disabled and archived sites answer as a visitor should see them.</summary>
public sealed class SiteStatusTests(SqliteDemoFactory factory) : IClassFixture<SqliteDemoFactory>
{
    private readonly HttpClient _client = factory.Client();

    [Theory]
    [InlineData("http://www.unknown.gov.cn/")]
    [InlineData("http://lincang.gov.cn/")]
    [InlineData("http://nosuchsite.localhost/")]
    [InlineData("http://localhost/s/nosuchsite/")]
    public async Task An_unknown_site_gets_a_chinese_404_that_names_no_other_site(string url)
    {
        var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("网站不存在", html, StringComparison.Ordinal);
        var registry = factory.Services.GetRequiredService<ISiteRegistry>();
        Assert.All(registry.Current.All, site =>
        {
            Assert.DoesNotContain(site.Name, html, StringComparison.Ordinal);
            Assert.DoesNotContain(site.SiteCode, html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unknown_page_of_a_known_site_gets_the_sites_404()
    {
        var response = await _client.GetAsync("http://www.lincang.gov.cn/no/such/page.html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", html, StringComparison.Ordinal);
        Assert.Contains("临沧市人民政府", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_site_answers_503_with_its_name_by_host_and_by_prefix()
    {
        var tree = await TestSites.CreateTreeAsync(factory.Services, countyStatus: "Disabled");

        var byHost = await _client.GetAsync($"http://{tree.CountyHost}/");
        var byPrefix = await _client.GetAsync($"http://localhost/s/{tree.County}/directory");

        foreach (var response in new[] { byHost, byPrefix })
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains($"测试县{tree.Suffix}", html, StringComparison.Ordinal);
            Assert.Contains("暂停服务", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"测试县{tree.Suffix}", await _client.GetStringAsync($"http://{tree.CityHost}/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archived_site_is_readable_but_refuses_writes()
    {
        var tree = await TestSites.CreateTreeAsync(factory.Services, countyStatus: "Archived");

        var page = await _client.GetAsync($"http://{tree.CountyHost}/");
        var post = await _client.PostAsync($"http://{tree.CountyHost}/", new FormUrlEncodedContent([new("q", "x")]));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("本站已归档", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("只能浏览", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_site_and_an_alias_host_resolve_as_soon_as_the_recipe_is_applied()
    {
        var tree = await TestSites.CreateTreeAsync(factory.Services);

        var html = await _client.GetStringAsync($"http://old.x{tree.Suffix}.gov.cn/");

        Assert.Contains($"<h1>测试县{tree.Suffix}</h1>", html, StringComparison.Ordinal);
    }
}
