using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Interaction;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>
/// 意见征集 and the annual report through HTTP: a consultation from the admin to the public
/// page and back, and the annual report of a demo site counted from its demo content and the
/// applications it received. A class of its own: its form posts have their own per-client limit.
/// </summary>
public abstract partial class InteractionWebTests(SiteClusterWebFactory factory)
{
    private const string Password = "Test-password-2026";

    [Fact]
    public async Task A_visitor_comments_on_an_open_consultation_and_reads_the_feedback_of_a_closed_one_never_seeing_who_commented()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var other = await TestSites.CreateContentTreeAsync(factory.Services);
        var today = BeijingTime.Today(TimeProvider.System);
        var editor = await LoginAsync(await TestSites.CreateUserAsync(factory.Services, tree.County, Password, SiteRole.Editor));
        var newForm = await editor.GetStringAsync($"/admin/{tree.County}/consultations/edit");
        var saved = await editor.PostAsync($"/admin/{tree.County}/consultations/edit?handler=Save", Form(newForm,
            ("title", "关于《县城乡居民养老服务补贴办法（征求意见稿）》公开征求意见的公告"), ("body", "<p>现将征求意见稿全文公布。</p><script>alert(1)</script>"),
            ("organiser", "县民政局"), ("startsOn", Day(today.AddDays(-3))), ("endsOn", Day(today.AddDays(27)))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var edit = saved.Headers.Location!.OriginalString;
        var open = Guid.Parse(edit[(edit.LastIndexOf('/') + 1)..]);
        var beforePublishing = await factory.Client().GetAsync($"http://{tree.CountyHost}/consultations/{open}");
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostAsync($"{edit}?handler=Publish", Form(await editor.GetStringAsync(edit)))).StatusCode);
        var closed = await ClosedConsultationAsync(tree.County, today);

        var visitor = factory.Client();
        var page = await visitor.GetStringAsync($"http://{tree.CountyHost}/consultations/{open}");
        var commented = await visitor.PostAsync($"http://{tree.CountyHost}/consultations/{open}", Form(page, ("Body", "建议将高龄补贴发放年龄降至75岁。"), ("AuthorName", "周九"), ("Contact", "13100000000")));
        var honeypot = await visitor.PostAsync($"http://{tree.CountyHost}/consultations/{open}", Form(page, ("Body", "广告"), ("Website", "http://spam.example")));
        var late = await visitor.PostAsync($"http://{tree.CountyHost}/consultations/{closed}", Form(page, ("Body", "截止后的意见")));
        var after = await visitor.GetStringAsync($"http://{tree.CountyHost}/consultations/{open}");
        var list = await visitor.GetStringAsync($"http://{tree.CountyHost}/consultations");
        var dashboardBefore = await editor.GetStringAsync($"/admin/{tree.County}");

        var feedbackPage = await editor.GetStringAsync($"/admin/{tree.County}/consultations/edit/{closed}");
        var feedback = await editor.PostAsync($"/admin/{tree.County}/consultations/edit/{closed}?handler=Feedback", Form(feedbackPage, ("feedback", "共收到意见1条，已采纳。")));
        var closedPage = await visitor.GetStringAsync($"http://{tree.CountyHost}/consultations/{closed}");
        var dashboardAfter = await editor.GetStringAsync($"/admin/{tree.County}");
        var comments = await editor.GetStringAsync($"/admin/{tree.County}/consultations/{open}/comments");

        Assert.Equal(HttpStatusCode.NotFound, beforePublishing.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, commented.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, honeypot.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("不再接受意见", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<td>1 条意见</td>", after, StringComparison.Ordinal);
        Assert.Contains("<p>现将征求意见稿全文公布。</p>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", after, StringComparison.Ordinal);
        Assert.Matches("征求意见稿）》公开征求意见的公告</a> <span class=\"badge\">征集中</span>", list);
        Assert.Matches("关于县城市容管理办法的征求意见</a> <span class=\"badge\">已结束</span>", list);
        Assert.Matches($"<strong>1</strong><a href=\"/admin/{tree.County}/consultations\">意见征集已结束未公布采纳情况", dashboardBefore);
        Assert.Matches($"<strong>0</strong><a href=\"/admin/{tree.County}/consultations\">意见征集已结束未公布采纳情况", dashboardAfter);
        Assert.Equal(HttpStatusCode.Redirect, feedback.StatusCode);
        Assert.Contains("共收到意见1条，已采纳。", closedPage, StringComparison.Ordinal);
        Assert.Contains("本次征集共收到意见 1 条", closedPage, StringComparison.Ordinal);
        Assert.Contains("本次意见征集已于", closedPage, StringComparison.Ordinal);
        Assert.Contains("周九", comments, StringComparison.Ordinal);
        foreach (var html in new[] { after, list, closedPage })
        {
            Assert.DoesNotContain("周九", html, StringComparison.Ordinal);
            Assert.DoesNotContain("13100000000", html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"http://{other.CountyHost}/consultations/{open}")).StatusCode);
        Assert.DoesNotContain("养老服务补贴办法", await visitor.GetStringAsync($"http://{other.CountyHost}/consultations"), StringComparison.Ordinal);
        await using var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, tree.County));
        var log = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().AuditEntries.Where(e => e.EntityId == open.ToString()).ToListAsync();
        Assert.Contains(log, e => e.Action == AuditAction.ApplicantDataViewed);
        Assert.DoesNotContain(log, e => (e.Before + e.After).Contains("周九", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_annual_report_of_a_demo_site_shows_counts_that_match_its_content_and_applications()
    {
        const string slug = "lincang-mzj";
        const int year = 2026;
        var site = TestSites.Site(factory.Services, slug);
        var editor = await LoginAsync(await TestSites.CreateUserAsync(factory.Services, slug, Password, SiteRole.Editor));

        var reports = await editor.GetStringAsync($"/admin/{slug}/annual-reports");
        var generated = await editor.PostAsync($"/admin/{slug}/annual-reports?handler=Generate", Form(reports, ("year", "2026")));
        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        var page = await editor.GetStringAsync(generated.Headers.Location);
        var cells = CellRegex().Matches(page).ToDictionary(m => m.Groups[1].Value, m => decimal.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        decimal A(string row, string column) => cells[$"apps.{row}.{column}"];

        // What the demo recipe published on this site in 2026, counted here without the report's code.
        int published;
        await using (var scope = TestSites.ScopeFor(factory.Services, site))
        {
            var from = BeijingTime.StartOf(new DateOnly(year, 1, 1));
            var to = BeijingTime.StartOf(new DateOnly(year + 1, 1, 1));
            published = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems
                .CountAsync(i => i.Status == ContentStatus.Published && i.Disclosure == DisclosureAttribute.Proactive && i.PublishedAt >= from && i.PublishedAt < to);
        }

        // The demo recipe's applications (recipes/demo-cluster.json, step interaction): one carried in
        // from 2025 and disclosed; six received in 2026: disclosed, partly disclosed (an organisation),
        // refused (third party), cannot provide (not held), already public (an organisation), still open.
        // The first organisation is a business; the second did not say its kind, so it counts as 其他.
        Assert.Equal(5, published);
        Assert.Contains($"主动公开政府信息{published}条", page, StringComparison.Ordinal);
        Assert.Equal((0m, 0m, 0m), (cells["normative.issued"], cells["normative.valid"], cells["regulation.valid"]));
        Assert.Equal((4m, 1m, 1m, 6m), (A("new", "person"), A("new", "org.business"), A("new", "org.other"), A("new", "total")));
        Assert.Equal((1m, 0m, 1m), (A("carried", "person"), A("carried", "org.business"), A("carried", "total")));
        Assert.Equal((2m, 0m, 1m, 3m), (A("disclosed", "person"), A("disclosed", "org.business"), A("disclosed", "org.other"), A("disclosed", "total")));
        Assert.Equal((0m, 1m, 1m), (A("partly", "person"), A("partly", "org.business"), A("partly", "total")));
        Assert.Equal((1m, 0m), (A("refused.4", "person"), A("refused.4", "org.business")));
        Assert.Equal((1m, 0m), (A("cannot.1", "person"), A("cannot.1", "org.business")));
        Assert.Equal((4m, 1m, 1m, 6m), (A("total", "person"), A("total", "org.business"), A("total", "org.other"), A("total", "total")));
        Assert.Equal((1m, 0m, 1m), (A("forward", "person"), A("forward", "org.business"), A("forward", "total")));
        Assert.Equal(20m, cells.Where(c => c.Key.StartsWith("apps.", StringComparison.Ordinal) && c.Key.EndsWith(".total", StringComparison.Ordinal)).Sum(c => c.Value));

        var sent = await editor.PostAsync($"/admin/{slug}/annual-reports/{year}?handler=Publish", Form(page));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("待审核", await editor.GetStringAsync($"/admin/{slug}/annual-reports/{year}"), StringComparison.Ordinal);
        var export = await editor.GetAsync($"/admin/{slug}/annual-reports/{year}?handler=Export");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_demo_sites_consultations_are_listed_with_their_comment_counts_and_the_closed_ones_feedback()
    {
        var list = await factory.Client().GetStringAsync("http://localhost/s/lincang-mzj/consultations");
        var closed = ConsultationLinkRegex().Match(list);
        var page = await factory.Client().GetStringAsync($"http://localhost{closed.Groups[1].Value}");

        Assert.True(closed.Success, list);
        Assert.Contains("本次征集共收到意见 5 条", page, StringComparison.Ordinal);
        Assert.Contains("关于缩短核对时限", page, StringComparison.Ordinal);
    }

    /// <summary>A consultation that closed a month ago with one comment, published before it opened.</summary>
    [Fact]
    public async Task The_consultations_page_lists_closed_consultations_twenty_to_a_page_with_links_between_pages()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var today = BeijingTime.Today(TimeProvider.System);
        await using (var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, tree.County)))
        {
            scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:seed";
            var editor = new ContentActor("user:seed", new HashSet<SiteRole> { SiteRole.Editor });
            var consultations = scope.ServiceProvider.GetRequiredService<Consultations>();
            for (var i = 1; i <= 21; i++)
            {
                var closed = await consultations.SaveAsync(editor, null, new ConsultationForm($"第{i:D2}号征求意见公告", "<p>草案</p>", null, null, today.AddDays(-100 + i), today.AddDays(-50 + i)));
                await consultations.PublishAsync(editor, closed.Id);
            }
        }

        var visitor = factory.Client();
        var first = await visitor.GetStringAsync($"http://{tree.CountyHost}/consultations");
        var second = await visitor.GetStringAsync($"http://{tree.CountyHost}/consultations?page=2");

        Assert.Contains("第21号征求意见公告", first, StringComparison.Ordinal);
        Assert.Contains("第02号征求意见公告", first, StringComparison.Ordinal);
        Assert.DoesNotContain("第01号征求意见公告", first, StringComparison.Ordinal);
        Assert.Contains("<span>第 1 页，共 2 页（21 条）</span>", first, StringComparison.Ordinal);
        Assert.Contains("<a href=\"?page=2\" rel=\"next\">", first, StringComparison.Ordinal);
        Assert.Contains("第01号征求意见公告", second, StringComparison.Ordinal);
        Assert.DoesNotContain("第02号征求意见公告", second, StringComparison.Ordinal);
        Assert.Contains("<a href=\"?page=1\" rel=\"prev\">", second, StringComparison.Ordinal);
    }

    private async Task<Guid> ClosedConsultationAsync(string slug, DateOnly today)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, slug));
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:seed";
        var editor = new ContentActor("user:seed", new HashSet<SiteRole> { SiteRole.Editor });
        var consultations = scope.ServiceProvider.GetRequiredService<Consultations>();
        var closed = await consultations.SaveAsync(editor, null, new ConsultationForm("关于县城市容管理办法的征求意见", "<p>草案</p>", null, null, today.AddDays(-60), today.AddDays(-30)));
        await consultations.PublishAsync(editor, closed.Id);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        db.ConsultationComments.Add(new ConsultationComment { Id = Guid.NewGuid(), TenantId = closed.TenantId, ConsultationId = closed.Id, Body = "赞成", SubmittedAt = DateTimeOffset.UtcNow.AddDays(-40) });
        await db.SaveChangesAsync();
        return closed.Id;
    }

    private async Task<HttpClient> LoginAsync(string userName)
    {
        var client = factory.Client();
        client.BaseAddress = new Uri("http://localhost");
        var form = await client.GetStringAsync("/admin/login");
        var response = await client.PostAsync("/admin/login", Form(form, ("userName", userName), ("password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", Token(page))));

    private static string Token(string page) =>
        TokenRegex().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("data-cell=\"([a-z0-9.]+)\">([0-9.]+)<")]
    private static partial Regex CellRegex();

    [GeneratedRegex("<a href=\"([^\"]+)\">关于《临沧市最低生活保障家庭经济状况核对办法")]
    private static partial Regex ConsultationLinkRegex();
}

public sealed class InteractionWebSqliteTests(SqliteDemoFactory factory) : InteractionWebTests(factory), IClassFixture<SqliteDemoFactory>;

public sealed class InteractionWebPostgresTests(PostgresDemoFactory factory) : InteractionWebTests(factory), IClassFixture<PostgresDemoFactory>;
