using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Interaction;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Interaction;

/// <summary>
/// 政府信息公开工作年度报告: every counted cell equals the data it was counted from (items and
/// applications with known dates and outcomes), hand-entered cells survive a recount, and the
/// published report clears the monitoring finding.
/// </summary>
public abstract class AnnualReportTests(ApplicationsFixture fixture)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Each_cell_of_the_2025_report_equals_the_sites_items_and_applications_of_2025()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var other = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 1, 20));
        await SeedItemsAsync(tree.County);
        await SeedItemsAsync(other.County);
        await SeedApplicationsAsync(tree.County);

        fixture.Clock.Set(new DateOnly(2026, 1, 20));
        var report = await InSite(tree.County, s => s.GenerateAsync(Editor, 2025));
        var f = report.ReadFigures();
        decimal A(string row, string column) => f[AnnualReportLayout.ApplicationKey(row, column)];

        // 二: two normative documents in force at the end of 2025 (one issued in 2025), one repealed in 2025; one regulation (…令第3号).
        Assert.Equal((1m, 1m, 2m), (f["normative.issued"], f["normative.repealed"], f["normative.valid"]));
        Assert.Equal((1m, 0m, 1m), (f["regulation.issued"], f["regulation.repealed"], f["regulation.valid"]));
        Assert.Equal((3m, 2m, 1m), (f["type.PolicyDocument"], f["type.Notice"], f["type.Article"]));
        Assert.False(f.ContainsKey("type.Report"));

        // 三: new 3 + 2, carried 1 + 0 = concluded 3 + 2, forward 1 + 0.
        // Organisations by their kind, as the 2021 form splits them: a research body refused, a legal-service body lapsed.
        const string research = "org.research", legal = "org.legalservice";
        Assert.Equal((3m, 1m, 1m, 5m), (A("new", "person"), A("new", research), A("new", legal), A("new", "total")));
        Assert.Equal((0m, 0m, 0m), (A("new", "org.business"), A("new", "org.nonprofit"), A("new", "org.other")));
        Assert.Equal((1m, 0m, 1m), (A("carried", "person"), A("carried", research), A("carried", "total")));
        Assert.Equal((2m, 0m, 2m), (A("disclosed", "person"), A("disclosed", research), A("disclosed", "total")));
        Assert.Equal((0m, 1m, 0m), (A("refused.1", "person"), A("refused.1", research), A("refused.1", legal)));
        Assert.Equal((1m, 0m), (A("notprocessed.2", "person"), A("notprocessed.2", research)));
        Assert.Equal((0m, 0m, 1m), (A("other.1", "person"), A("other.1", research), A("other.1", legal)));
        Assert.Equal((3m, 1m, 1m, 5m), (A("total", "person"), A("total", research), A("total", legal), A("total", "total")));
        Assert.Equal((1m, 0m, 1m), (A("forward", "person"), A("forward", research), A("forward", "total")));
        Assert.Equal(0m, A("partly", "total"));
        Assert.All(AnnualReportLayout.ApplicantColumns, c => Assert.Equal(A("new", c.Key) + A("carried", c.Key), A("total", c.Key) + A("forward", c.Key)));
        var zeroes = AnnualReportLayout.ApplicationRows.Where(r => r.Key.Length > 0 && r.Key is not ("new" or "carried" or "disclosed" or "refused.1" or "notprocessed.2" or "other.1" or "total" or "forward"));
        Assert.All(zeroes, r => Assert.Equal(0m, A(r.Key, "total")));
        Assert.Contains("主动公开政府信息6条", report.Overview, StringComparison.Ordinal);
        Assert.Contains("新收政府信息公开申请5件，上年结转1件，本年办结5件，结转下年度继续办理1件", report.Overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hand_entered_cells_and_text_survive_a_recount_and_the_counted_cells_cannot_be_edited()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 1, 20));
        await InSite(tree.County, s => s.GenerateAsync(Editor, 2025));
        await InSite(tree.County, s => s.SaveAsync(Editor, 2025, new AnnualReportEdit("总体情况正文", "问题与改进", null, new Dictionary<string, decimal>
        {
            ["licensing"] = 120,
            ["fees"] = 1.5m,
            ["review.upheld"] = 2,
            ["review.corrected"] = 1,
            ["apps.new.total"] = 99,
        })));
        var negative = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.SaveAsync(Editor, 2025, new AnnualReportEdit(null, null, null, new Dictionary<string, decimal> { ["penalty"] = -1 }))));

        await SeedItemsAsync(tree.County);
        var recounted = await InSite(tree.County, s => s.GenerateAsync(Editor, 2025));
        var f = recounted.ReadFigures();

        Assert.Equal((120m, 1.5m, 2m, 1m, 3m), (f["licensing"], f["fees"], f["review.upheld"], f["review.corrected"], f["review.total"]));
        Assert.Equal(0m, f["apps.new.total"]);
        Assert.Equal(1m, f["normative.issued"]);
        Assert.Equal(("总体情况正文", "问题与改进"), (recounted.Overview, recounted.Problems));
        Assert.True(negative.Fields.ContainsKey("penalty"));
        await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.GenerateAsync(Editor, 2027)));
    }

    [Fact]
    public async Task The_published_report_is_the_sites_Report_item_that_clears_the_missing_annual_report_finding()
    {
        await TestSites.ApplyAsync(Services, """{ "steps": [ { "name": "monitoring", "file": "monitoring/national-2019.json" } ] }""");
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        fixture.Clock.Set(new DateOnly(2026, 4, 15));
        var before = await AnnualReportProblemsAsync(county);
        await InSite(tree.County, s => s.GenerateAsync(Editor, 2025));

        var submitted = await InSite(tree.County, s => s.SubmitForPublishingAsync(Editor, 2025));
        var pending = await AnnualReportProblemsAsync(county);
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = Reviewer.Name;
            await scope.ServiceProvider.GetRequiredService<ContentService>().ApproveAsync(Reviewer, submitted.Id);
        }

        var after = await AnnualReportProblemsAsync(county);
        var again = await InSite(tree.County, s => s.SubmitForPublishingAsync(Editor, 2025));

        Assert.Equal("report:2025", Assert.Single(before).Target);
        Assert.Single(pending);
        Assert.Empty(after);
        Assert.Equal(submitted.Id, again.Id);
        Assert.Equal(ReviewState.Submitted, again.Review);
        await using var check = TestSites.ScopeFor(Services, county);
        var item = await check.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems.AsNoTracking().SingleAsync(i => i.Id == submitted.Id);
        var column = await check.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.SingleAsync(c => c.Id == item.ColumnId);
        Assert.Equal(("Report", "1103", ContentStatus.Published), (item.ContentType, column.CatalogueCode, item.Status));
        Assert.Equal($"{county.Name}2025年政府信息公开工作年度报告", item.Title);
        Assert.Contains("\"kind\":\"政府信息公开工作年度报告\"", item.Fields, StringComparison.Ordinal);
        Assert.Contains("三、收到和处理政府信息公开申请情况", item.Body, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">一、本年新收政府信息公开申请数量</th><td>0</td>", item.Body, StringComparison.Ordinal);
    }

    private async Task<List<FoundProblem>> AnnualReportProblemsAsync(SiteInfo site)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync(site, default);
        return [.. result.Sites.Single().Problems.Where(p => p.RuleCode == "annual-report")];
    }

    /// <summary>
    /// Items of 2023–2026: normative documents issued in 2025, repealed in 2025 and still valid from
    /// 2023; a regulation (…令第3号) and an ordinary policy of 2025; notices and an article of 2025;
    /// a notice of 2026 and a report, which 2025 does not count.
    /// </summary>
    private async Task SeedItemsAsync(string slug)
    {
        await PublishAsync(slug, "PolicyDocument", "0201", "规范性文件甲", new DateOnly(2025, 3, 10), normative: true);
        await PublishAsync(slug, "PolicyDocument", "0203", "规范性文件乙（已废止）", new DateOnly(2024, 5, 1), expiry: new DateOnly(2025, 6, 30));
        await PublishAsync(slug, "PolicyDocument", "0201", "规范性文件丙", new DateOnly(2023, 1, 1), normative: true);
        await PublishAsync(slug, "PolicyDocument", "0201", "测试县公共场所管理规定", new DateOnly(2025, 8, 1), number: "测试县人民政府令第3号");
        await PublishAsync(slug, "PolicyDocument", "0201", "工作方案", new DateOnly(2025, 4, 1), number: "测政办发〔2025〕7号");
        await PublishAsync(slug, "Notice", "04", "通知一", new DateOnly(2025, 2, 1));
        await PublishAsync(slug, "Notice", "04", "通知二", new DateOnly(2025, 12, 31));
        await PublishAsync(slug, "Article", "05", "动态一", new DateOnly(2025, 7, 7));
        await PublishAsync(slug, "Notice", "04", "通知三", new DateOnly(2026, 1, 1));
    }

    private async Task PublishAsync(string slug, string type, string column, string title, DateOnly on, bool normative = false, DateOnly? expiry = null, string? number = null)
    {
        var site = TestSites.Site(Services, slug);
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var columnId = await db.Columns.Where(c => c.CatalogueCode == column).Select(c => c.Id).SingleAsync();
        var draft = new ContentDraft
        {
            ColumnId = columnId,
            Title = title,
            Body = $"<p>{title}</p>",
            Publisher = "测试县人民政府办公室",
            WrittenDate = on,
            DocumentNumber = number,
            PublishedAt = new DateTimeOffset(on.ToDateTime(new TimeOnly(9, 0)), BeijingTime.Offset),
            ExpiryDate = expiry,
            Fields = type == "PolicyDocument" ? new JsonObject { ["normative"] = normative } : [],
        };
        await scope.ServiceProvider.GetRequiredService<ContentService>().ImportPublishedAsync(site, $"seed-{Guid.NewGuid():N}", type, draft, ContentActor.System("recipe:test"));
    }

    /// <summary>
    /// Applications with known dates and outcomes: one carried in from 2024 and disclosed; four of
    /// 2025 refused (national secret), already public, a repeat application, lapsed without
    /// amendment; one received in December and replied in 2026; one never registered; one all of 2024.
    /// </summary>
    private async Task SeedApplicationsAsync(string slug)
    {
        await ApplicationAsync(slug, ApplicantKind.Citizen, new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 20), ApplicationOutcome.Disclosed, null);
        await ApplicationAsync(slug, ApplicantKind.Citizen, new DateOnly(2024, 12, 20), new DateOnly(2025, 1, 10), ApplicationOutcome.Disclosed, null);
        await ApplicationAsync(slug, ApplicantKind.Organisation, new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 20), ApplicationOutcome.Refused, "属于国家秘密");
        await ApplicationAsync(slug, ApplicantKind.Citizen, new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 10), ApplicationOutcome.AlreadyPublic, null);
        await ApplicationAsync(slug, ApplicantKind.Citizen, new DateOnly(2025, 5, 6), new DateOnly(2025, 5, 20), ApplicationOutcome.NotProcessed, "重复申请");
        await ApplicationAsync(slug, ApplicantKind.Citizen, new DateOnly(2025, 12, 22), new DateOnly(2026, 1, 8), ApplicationOutcome.PartlyDisclosed, null);

        fixture.Clock.Set(new DateOnly(2025, 6, 9));
        var lapsing = await SubmitAsync(slug, ApplicantKind.Organisation, OrganisationKind.LegalService);
        await InApplications(slug, s => s.RegisterAsync(Editor, lapsing, new DateOnly(2025, 6, 9), ApplicationChannel.Online));
        await InApplications(slug, s => s.RequestAmendmentAsync(Editor, lapsing, "请补充所需信息的名称。"));
        fixture.Clock.Set(new DateOnly(2025, 7, 15));
        await InApplications(slug, s => s.UpkeepAsync());

        fixture.Clock.Set(new DateOnly(2025, 12, 30));
        await SubmitAsync(slug, ApplicantKind.Citizen);
    }

    private async Task ApplicationAsync(string slug, ApplicantKind kind, DateOnly received, DateOnly replied, ApplicationOutcome outcome, string? reason)
    {
        fixture.Clock.Set(received);
        var id = await SubmitAsync(slug, kind);
        await InApplications(slug, s => s.RegisterAsync(Editor, id, received, ApplicationChannel.Online));
        fixture.Clock.Set(replied);
        await InApplications(slug, s => s.ReplyAsync(Editor, id, outcome, reason, "答复内容", null));
    }

    private async Task<Guid> SubmitAsync(string slug, ApplicantKind kind, OrganisationKind organisation = OrganisationKind.Research) =>
        (await InApplications(slug, s => s.SubmitAsync(new ApplicationForm
        {
            ApplicantKind = kind,
            OrganisationKind = kind == ApplicantKind.Organisation ? organisation : null,
            ApplicantName = kind == ApplicantKind.Citizen ? "张三" : "某某科技有限公司",
            IdentityNumber = kind == ApplicantKind.Citizen ? "530900198001010011" : "91530900MA6K000001",
            ContactPerson = kind == ApplicantKind.Citizen ? null : "李经理",
            Phone = "13800000000",
            Description = "某文件",
            PreferredFormat = "电子数据",
            Delivery = "电子邮件",
        }))).Application.Id;

    private async Task<T> InApplications<T>(string slug, Func<DisclosureApplications, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
        return await work(scope.ServiceProvider.GetRequiredService<DisclosureApplications>());
    }

    private async Task<T> InSite<T>(string slug, Func<AnnualReports, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
        return await work(scope.ServiceProvider.GetRequiredService<AnnualReports>());
    }
}

public sealed class AnnualReportSqliteTests(ApplicationsSqliteFixture fixture) : AnnualReportTests(fixture), IClassFixture<ApplicationsSqliteFixture>;

public sealed class AnnualReportPostgresTests(ApplicationsPostgresFixture fixture) : AnnualReportTests(fixture), IClassFixture<ApplicationsPostgresFixture>;
