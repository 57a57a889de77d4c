using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>Published content as readers see it: lists, the metadata table, linked policies, and nothing that is not public.</summary>
public abstract partial class PublicContentTests(SiteClusterWebFactory factory)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });

    private readonly HttpClient _client = factory.Client();

    [Theory]
    [InlineData("http://localhost/", "省民政厅2017年度政府信息公开工作报告")]
    [InlineData("http://www.lincang.gov.cn/", "临沧市卫生计生委关于贯彻落实2018年政务公开工作要点细化方案的通知")]
    [InlineData("http://mzj.lincang.gov.cn/", "最低生活保障审批办事指南")]
    [InlineData("http://www.ynfq.gov.cn/", "凤山镇开展茶园冬季管护技术培训")]
    public async Task Demo_home_pages_list_their_latest_content(string url, string title)
    {
        var html = await _client.GetStringAsync(url);

        Assert.Contains("<h2 id=\"latest\">最新信息</h2>", html, StringComparison.Ordinal);
        Assert.Contains($">{title}</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_policy_page_shows_its_metadata_table_and_its_interpretation_and_the_interpretation_links_back()
    {
        var column = await _client.GetStringAsync("http://mzj.lincang.gov.cn/zcwj/bjwj/");
        var policyUrl = LinkTo(column, "临沧市民政局关于全面推进民政政务公开工作实施方案");

        var policy = await _client.GetStringAsync($"http://mzj.lincang.gov.cn{policyUrl}");

        Assert.Contains("<tr><th scope=\"row\">索引号</th><td>000014349/2018-00001</td></tr>", policy, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">文号</th><td>临民发〔2018〕12号</td></tr>", policy, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">发布日期</th><td>2018-03-21 12:04</td></tr>", policy, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">有效性</th><td>有效</td></tr>", policy, StringComparison.Ordinal);
        Assert.Contains("<h2>政策解读</h2>", policy, StringComparison.Ordinal);
        var interpretationUrl = LinkTo(policy, "《临沧市民政局关于全面推进民政政务公开工作实施方案》政策解读");

        var interpretation = await _client.GetStringAsync($"http://mzj.lincang.gov.cn{interpretationUrl}");

        Assert.Equal(policyUrl, LinkTo(interpretation, "临沧市民政局关于全面推进民政政务公开工作实施方案"));
        Assert.Contains("<dt>解读的政策文件</dt>", interpretation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_guide_shows_every_element_of_the_national_list()
    {
        var column = await _client.GetStringAsync("http://mzj.lincang.gov.cn/bsfw/bszn/");
        var guide = await _client.GetStringAsync($"http://mzj.lincang.gov.cn{LinkTo(column, "最低生活保障审批办事指南")}");

        Assert.All(["设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"], element =>
            Assert.Contains($"<dt>{element}</dt>", guide, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drafts_withdrawn_and_non_public_items_are_never_shown_and_expired_ones_are_marked()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var draft = await InSiteAsync(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c, "草稿通知")));
        var internalOnly = await PublishAsync(site, Notice(c: null, "内部通知") with
        {
            Disclosure = DisclosureAttribute.NotDisclosed,
            DisclosureReason = NonDisclosureReason.InternalManagement,
            DisclosureNote = "内部管理信息",
        });
        var withdrawn = await PublishAsync(site, Notice(c: null, "已撤稿通知"));
        await InSiteAsync(site, (s, _) => s.WithdrawAsync(Reviewer, withdrawn.Id, "内容有误"));
        var expired = await PublishAsync(site, Notice(c: null, "旧通知") with { ExpiryDate = new DateOnly(2020, 1, 1) });

        var list = await _client.GetStringAsync($"http://{tree.CountyHost}/tzgg/");

        Assert.Equal(["旧通知"], Regex.Matches(list, "<a href=\"[^\"]+\\.html\">([^<]+)</a>").Select(m => m.Groups[1].Value));
        Assert.Contains("<span class=\"badge\">已失效</span>", list, StringComparison.Ordinal);
        foreach (var hidden in new[] { draft, internalOnly, withdrawn })
        {
            var response = await _client.GetAsync($"http://{tree.CountyHost}/tzgg/{hidden.Id:N}.html");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var page = await _client.GetStringAsync($"http://{tree.CountyHost}/tzgg/{expired.Id:N}.html");
        Assert.Contains("<tr><th scope=\"row\">有效性</th><td>已失效</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">失效日期</th><td>2020-01-01</td></tr>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_asked_for_under_another_column_path_moves_permanently_to_its_own()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "通知"));

        var response = await _client.GetAsync($"http://{tree.CountyHost}/gzdt/{item.Id:N}.html");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/tzgg/{item.Id:N}.html", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_old_websites_address_named_like_an_article_still_leads_to_the_imported_item()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var item = await PublishAsync(site, Notice(c: null, "旧网站迁入的通知"));
        const string oldPath = "/html/2019/0d5c1e2f3a4b5c6d7e8f9a0b1c2d3e4f.html";
        await using (var scope = TestSites.ScopeFor(factory.Services, site))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            db.LegacyRedirects.Add(new Core.SiteMigration.LegacyRedirect
            {
                Id = Guid.NewGuid(),
                TenantId = site.Id,
                PathKey = Core.SiteMigration.LegacyRedirect.KeyOf(oldPath, null),
                OldUrl = $"http://old.{tree.CountyHost}{oldPath}",
                ItemId = item.Id,
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var moved = await _client.GetAsync($"http://{tree.CountyHost}{oldPath}");
        var unknown = await _client.GetAsync($"http://{tree.CountyHost}/html/2019/{Guid.NewGuid():N}.html");

        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.EndsWith($"/tzgg/{item.Id:N}.html", moved.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_link_checker_asking_for_an_article_by_HEAD_gets_it_and_an_unknown_id_gets_404()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "通知"));

        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://{tree.CountyHost}/tzgg/{item.Id:N}.html"));
        using var missing = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://{tree.CountyHost}/tzgg/{Guid.NewGuid():N}.html"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/html", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_long_article_with_rare_characters_reads_exactly_as_published_rendered_and_from_the_cache()
    {
        // 生僻字 in names are outside the basic plane (two UTF-16 units each); the body is copied
        // into the page as the stored UTF-8 and is longer than one of the page writer's buffers.
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var paragraph = "<p>𠮷野镇𪚥村村民委员会：依据《最低生活保障审核确认办法》，现将审核结果公示如下。</p>";
        var body = string.Concat(Enumerable.Repeat(paragraph, 1200));
        var item = await PublishAsync(TestSites.Site(factory.Services, tree.County), Notice(c: null, "关于𠮷野镇低保审核结果的公示") with { Body = body });
        var url = $"http://{tree.CountyHost}/tzgg/{item.Id:N}.html";

        var first = await _client.GetStringAsync(url);
        var again = await _client.GetStringAsync(url);

        Assert.True(body.Length * 3 > 128 * 1024, "The body spans several of the writer's buffers.");
        Assert.Contains($"<div class=\"body\">{body}</div>", first, StringComparison.Ordinal);
        Assert.Contains("<h1>关于𠮷野镇低保审核结果的公示</h1>", WebUtility.HtmlDecode(first), StringComparison.Ordinal);
        Assert.Equal(first, again);
    }

    private static string LinkTo(string html, string title) =>
        Regex.Match(html, $"<a href=\"([^\"]+)\">{Regex.Escape(title)}</a>") is { Success: true } m
            ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"No link to {title}");

    private static ContentDraft Notice(Guid? c, string title) => new()
    {
        ColumnId = c ?? Guid.Empty,
        Title = title,
        Body = "<p>特此通知。</p>",
        Publisher = "测试县人民政府办公室",
    };

    private async Task<ContentItem> PublishAsync(SiteInfo site, ContentDraft draft)
    {
        var item = await InSiteAsync(site, (s, c) => s.CreateAsync(Editor, "Notice", draft with { ColumnId = c }));
        await InSiteAsync(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        return await InSiteAsync(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));
    }

    /// <summary>Runs <paramref name="work"/> for the site, with the id of its 通知公告 column.</summary>
    private async Task<T> InSiteAsync<T>(SiteInfo site, Func<ContentService, Guid, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        var notices = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns
            .Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        return await work(scope.ServiceProvider.GetRequiredService<ContentService>(), notices);
    }
}

public sealed class PublicContentSqliteTests(SqliteDemoFactory factory) : PublicContentTests(factory), IClassFixture<SqliteDemoFactory>;

public sealed class PublicContentPostgresTests(PostgresDemoFactory factory) : PublicContentTests(factory), IClassFixture<PostgresDemoFactory>;
