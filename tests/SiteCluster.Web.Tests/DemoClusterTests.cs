using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;
using SiteCluster.Web.Api;

namespace SiteCluster.Web.Tests;

/// <summary>What a visitor of the demo cluster sees, on SQLite and on PostgreSQL.</summary>
public abstract class DemoClusterTests(SiteClusterWebFactory factory)
{
    private readonly HttpClient _client = factory.Client();

    [Theory]
    [InlineData("http://localhost/", "云南省人民政府", "省级政府门户网站", "无（本站为最高级网站）")]
    [InlineData("http://www.lincang.gov.cn/", "临沧市人民政府", "市级政府门户网站", "云南省人民政府")]
    [InlineData("http://WWW.YNFQ.GOV.CN:8080/", "凤庆县人民政府", "县级政府门户网站", "临沧市人民政府")]
    [InlineData("http://fengqing.localhost:5000/", "凤庆县人民政府", "县级政府门户网站", "临沧市人民政府")]
    [InlineData("http://localhost/s/wuhua/", "五华区人民政府", "县级政府门户网站", "昆明市人民政府")]
    [InlineData("http://localhost/s/lincang-mzj", "临沧市民政局", "部门网站", "临沧市人民政府")]
    public async Task Each_site_home_page_shows_its_name_level_and_parent(string url, string name, string level, string parent)
    {
        var html = await _client.GetStringAsync(url);

        Assert.Contains($"<h1>{name}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<dd>{level}</dd>", html, StringComparison.Ordinal);
        Assert.Contains(parent, html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_county_home_page_lists_its_catalogue_columns_and_local_columns()
    {
        var html = await _client.GetStringAsync("http://www.ynfq.gov.cn/");

        Assert.Contains("<h2 id=\"catalogue\">信息公开目录</h2>", html, StringComparison.Ordinal);
        var expected = new[] { "政策文件", "上级文件", "政策解读", "通知公告", "工作动态", "乡镇动态", "社会救助", "政府信息公开年报" };
        Assert.All(expected, name => Assert.Contains(name, html, StringComparison.Ordinal));
        Assert.DoesNotContain("养老服务", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost/_content/SiteCluster.Themes.Base/site.css")]
    [InlineData("http://localhost/s/fengqing/_content/SiteCluster.Themes.Base/site.css")]
    public async Task The_theme_stylesheet_is_served(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".skip-link", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_runs_on_the_configured_database()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteCluster.Core.Data.SiteClusterDbContext>();

        Assert.Equal(factory.Provider == DatabaseProvider.PostgreSql, db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal));
        Assert.Equal(factory.Database.ConnectionString, db.Database.GetConnectionString());
    }

    [Fact]
    public async Task Pages_reached_by_prefix_link_within_the_prefix()
    {
        var html = await _client.GetStringAsync("http://localhost/s/lincang/");

        Assert.Contains("href=\"/s/lincang/directory\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/s/fengqing/\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/s/yunnan/\"", html, StringComparison.Ordinal);
        Assert.Contains("/s/lincang/_content/SiteCluster.Themes.Base/site.css", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_reached_by_host_link_to_other_sites_by_their_hosts()
    {
        var html = await _client.GetStringAsync("http://www.lincang.gov.cn/");

        Assert.Contains("href=\"http://www.ynfq.gov.cn/\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/directory\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_directory_lists_every_site_of_the_province_as_a_tree()
    {
        var html = await _client.GetStringAsync("http://localhost/directory");

        Assert.Contains("<h1>政府网站导航</h1>", html, StringComparison.Ordinal);
        var demo = new[] { "云南省人民政府", "昆明市人民政府", "五华区人民政府", "盘龙区人民政府", "临沧市人民政府", "临翔区人民政府", "凤庆县人民政府", "云县人民政府", "永德县人民政府", "临沧市民政局" };
        Assert.All(demo, name => Assert.Contains($">{name}</a>", html, StringComparison.Ordinal));
        Assert.True(html.IndexOf("临沧市人民政府", StringComparison.Ordinal) < html.IndexOf("凤庆县人民政府", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_footer_carries_organiser_site_code_and_filing_numbers()
    {
        var html = await _client.GetStringAsync("http://www.yn.gov.cn/");

        Assert.Contains("主办单位：云南省人民政府办公厅", html, StringComparison.Ordinal);
        Assert.Contains("网站标识码：5300000001", html, StringComparison.Ordinal);
        Assert.Contains("滇ICP备05001264号", html, StringComparison.Ordinal);
        Assert.Contains("滇公网安备 53010202000001号", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"SiteIDCode\" content=\"5300000001\" />", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_site_list_api_returns_every_active_demo_site()
    {
        var sites = await _client.GetFromJsonAsync<List<SiteListItem>>("http://localhost/api/sites");

        Assert.NotNull(sites);
        var fengqing = Assert.Single(sites, s => s.Slug == "fengqing");
        Assert.Equal(("凤庆县人民政府", "County", "lincang", "5309210001"), (fengqing.Name, fengqing.Level, fengqing.ParentSlug, fengqing.SiteCode));
        Assert.Equal(["www.ynfq.gov.cn"], fengqing.Hosts);
        Assert.Superset(
            new HashSet<string> { "yunnan", "kunming", "wuhua", "panlong", "lincang", "lincang-mzj", "linxiang", "fengqing", "yunxian", "yongde" },
            sites.Select(s => s.Slug).ToHashSet());
        Assert.Null(sites.Single(s => s.Slug == "yunnan").ParentSlug);
    }

    [Fact]
    public async Task The_site_list_and_health_answer_on_any_host()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("http://unknown.example.org/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("http://10.1.2.3/healthz")).StatusCode);
    }

    [Fact]
    public async Task Starting_again_on_a_database_with_sites_does_not_reapply_the_demo()
    {
        await TestSites.ApplyAsync(factory.Services, """
            { "steps": [ { "name": "sites", "sites": [ { "slug": "yongde", "icpNumber": "滇ICP备99999999号" } ] } ] }
            """);

        await factory.Services.InitializeSiteClusterAsync();

        var registry = factory.Services.GetRequiredService<ISiteRegistry>();
        Assert.Equal("滇ICP备99999999号", registry.Current.FindBySlug("yongde")!.IcpNumber);
        Assert.Single(registry.Current.All, s => s.Slug == "yunnan");
    }
}

public sealed class DemoClusterSqliteTests(SqliteDemoFactory factory) : DemoClusterTests(factory), IClassFixture<SqliteDemoFactory>;

public sealed class DemoClusterPostgresTests(PostgresDemoFactory factory) : DemoClusterTests(factory), IClassFixture<PostgresDemoFactory>;
