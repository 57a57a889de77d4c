using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>Monitoring results in the admin: a webmaster's findings with links to fix them, and a city office's overview of its counties.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task A_webmaster_sees_the_sites_findings_and_a_city_office_the_scores_of_its_counties_but_not_others()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var other = await TestSites.CreateContentTreeAsync(factory.Services);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISiteRegistry>().ReloadAsync();
            await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync();
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Four probes of the county's home page this week, one failed: 75% available; none of the city's.
            using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test probes");
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var county = TestSites.Site(factory.Services, tree.County);
            db.AvailabilityProbes.AddRange(Enumerable.Range(0, 4).Select(i => new AvailabilityProbe
            {
                Id = Guid.CreateVersion7(),
                TenantId = county.Id,
                At = DateTimeOffset.UtcNow.AddHours(-i),
                Url = $"https://{county.PrimaryHost}/",
                StatusCode = i == 0 ? 503 : 200,
                Succeeded = i != 0,
            }));
            await db.SaveChangesAsync();
        }

        var editor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var cityOffice = await LoginAsync(await UserAsync(tree.City, SiteRole.Supervisor));

        var dashboard = await editor.GetStringAsync($"/admin/{tree.County}");
        Assert.Contains("<h2 id=\"monitoring\">监测发现的问题</h2>", dashboard, StringComparison.Ordinal);
        Assert.Contains("0 分，不合格", dashboard, StringComparison.Ordinal);
        Assert.Matches($"<td>首页长期未更新</td><td><a href=\"/admin/{tree.County}/content\">首页从未发布过信息。</a></td>", dashboard);
        Assert.Matches($"<td>空白栏目</td><td><a href=\"/admin/{tree.County}/content\\?column=[0-9a-f-]+\">栏目“[^”]+”没有任何信息。</a></td>", dashboard);

        var overview = await cityOffice.GetStringAsync($"/admin/{tree.City}/monitoring");
        Assert.Contains($">{TestSites.Site(factory.Services, tree.City).Name}</a>", overview, StringComparison.Ordinal);
        Assert.Contains($">{TestSites.Site(factory.Services, tree.County).Name}</a>", overview, StringComparison.Ordinal);
        Assert.Contains("<td>不合格</td>", overview, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">近 7 天可用率</th>", overview, StringComparison.Ordinal);
        Assert.Contains("<td>75%</td>", overview, StringComparison.Ordinal);
        Assert.Contains("首页长期未更新", overview, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSites.Site(factory.Services, other.County).Name, overview, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSites.Site(factory.Services, tree.City).Name + "</a>", await editor.GetStringAsync($"/admin/{tree.County}/monitoring"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await cityOffice.GetAsync($"/admin/{other.County}/monitoring")).StatusCode);
    }

    [Fact]
    public async Task The_provincial_office_runs_monitoring_on_demand_and_others_cannot()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var office = await LoginClusterAdminAsync(tree.Province);
        var editor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var page = await office.GetStringAsync($"/admin/{tree.Province}/monitoring");
        var editorsPage = await editor.GetStringAsync($"/admin/{tree.County}/monitoring");

        var ran = await office.PostAsync($"/admin/{tree.Province}/monitoring?handler=Run", Form(page));
        var refused = await editor.PostAsync($"/admin/{tree.County}/monitoring?handler=Run", Form(editorsPage));

        Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);
        Assert.Matches("监测完成：共 \\d+ 个网站，\\d+ 个不合格。", await office.GetStringAsync($"/admin/{tree.Province}/monitoring"));
        Assert.DoesNotContain("handler=Run", editorsPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_city_office_exports_its_counties_results_as_an_inspection_notice_workbook()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISiteRegistry>().ReloadAsync();
            await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync();
        }

        var cityOffice = await LoginAsync(await UserAsync(tree.City, SiteRole.Supervisor));
        var response = await cityOffice.GetAsync($"/admin/{tree.City}/monitoring?handler=Export");

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var workbook = new ClosedXML.Excel.XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet("网站抽查情况");
        Assert.Equal(["序号", "网站名称", "级别", "得分"], Enumerable.Range(1, 4).Select(c => sheet.Cell(1, c).GetString()));
        var headings = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var county = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == TestSites.Site(factory.Services, tree.County).Name);
        Assert.Equal("不合格", county.Cell(5).GetString());
        Assert.Contains("首页长期未更新", county.Cell(6).GetString(), StringComparison.Ordinal);
        Assert.True(county.Cell(headings.IndexOf("空白栏目") + 1).GetValue<int>() >= 5);
        Assert.Equal(3, sheet.RowsUsed().Count());
    }

    [Fact]
    public async Task A_policy_without_an_interpretation_and_a_missing_annual_report_link_to_a_new_item_that_fixes_them()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var county = TestSites.Site(factory.Services, tree.County);
        var policy = Guid.CreateVersion7();
        await using (var scope = TestSites.ScopeFor(factory.Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var column = await db.Columns.Where(c => c.CatalogueCode == "0201").Select(c => c.Id).SingleAsync();
            var monthAgo = DateTimeOffset.UtcNow.AddDays(-30);
            db.ContentItems.Add(new ContentItem
            {
                Id = policy,
                TenantId = county.Id,
                ColumnId = column,
                ContentType = "PolicyDocument",
                Status = ContentStatus.Published,
                Title = "关于解读链接测试的实施意见",
                Body = "<p>正文</p>",
                Publisher = "办公室",
                DocumentNumber = "测政发〔2026〕9号",
                PublishedAt = monthAgo,
                CurrentVersion = 1,
                PublishedVersion = 1,
                CreatedAt = monthAgo,
                UpdatedAt = monthAgo,
            });
            await db.SaveChangesAsync();
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISiteRegistry>().ReloadAsync();
            await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync(county, default);
        }

        // The annual report's finding depends on the calendar; stored here, only its link is checked.
        await using (var scope = TestSites.ScopeFor(factory.Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var run = await db.MonitoringFindings.Select(f => f.LastRunId).FirstAsync();
            db.MonitoringFindings.RemoveRange(db.MonitoringFindings.Where(f => f.RuleCode == "annual-report"));
            db.MonitoringFindings.Add(new MonitoringFinding
            {
                TenantId = county.Id,
                RuleCode = "annual-report",
                Target = "report:2025",
                Detail = "2025年政府信息公开工作年度报告应于 2026-03-31 前发布，至今未发布。",
                FirstRunId = run,
                LastRunId = run,
                FirstSeenAt = DateTimeOffset.UtcNow,
                LastSeenAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var editor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var dashboard = await editor.GetStringAsync($"/admin/{tree.County}");
        var interpret = $"/admin/{tree.County}/content/edit?type=Interpretation&field.policy={policy}";
        var report = $"/admin/{tree.County}/annual-reports/2025";
        var prefilled = $"/admin/{tree.County}/content/edit?type=Report&field.year=2025&field.kind=%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A";

        Assert.Contains($"<td>政策文件未解读</td><td><a href=\"{interpret.Replace("&", "&amp;", StringComparison.Ordinal)}\">政策文件“关于解读链接测试的实施意见”（测政发〔2026〕9号）", dashboard, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{report}\">2025年政府信息公开工作年度报告", dashboard, StringComparison.Ordinal);
        Assert.Contains("action=\"?handler=Generate\"", await editor.GetStringAsync(report), StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{policy}\" selected=\"selected\">关于解读链接测试的实施意见</option>", await editor.GetStringAsync(interpret), StringComparison.Ordinal);
        var reportEditor = await editor.GetStringAsync(prefilled);
        Assert.Matches("name=\"Form.Fields\\[year\\]\"[^>]*value=\"2025\"|value=\"2025\"[^>]*name=\"Form.Fields\\[year\\]\"", reportEditor);
        Assert.Contains("<option value=\"政府信息公开工作年度报告\" selected=\"selected\">", reportEditor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_city_office_draws_a_spot_check_of_its_county_judges_every_point_and_closes_it_which_the_county_only_reads()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var other = await TestSites.CreateContentTreeAsync(factory.Services);
        var cityOffice = await LoginAsync(await UserAsync(tree.City, SiteRole.Supervisor));
        var webmaster = await LoginAsync(await UserAsync(tree.County, SiteRole.SiteAdmin, SiteRole.Editor));

        var list = await cityOffice.GetStringAsync($"/admin/{tree.City}/spotchecks");
        var started = await cityOffice.PostAsync($"/admin/{tree.City}/spotchecks?handler=Start", Form(list, ("sites", "5"), ("items", "3"), ("windowDays", "30")));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        list = await cityOffice.GetStringAsync($"/admin/{tree.City}/spotchecks");
        Assert.Contains("已抽取 1 个网站。", list, StringComparison.Ordinal);
        var link = Regex.Match(list, $"href=\"(/admin/{tree.County}/spotchecks/[0-9a-f-]+)\"");
        Assert.True(link.Success, list);
        var url = link.Groups[1].Value;

        var check = await cityOffice.GetStringAsync(url);
        Assert.Contains("01. 负责政务公开工作领导和人员情况", check, StringComparison.Ordinal);
        Assert.Contains("15. 对上级和本级部署的政务公开工作推进情况", check, StringComparison.Ordinal);
        var fields = Enumerable.Range(1, 15).Select(i => ($"verdict.{i:00}", i == 9 ? "DoesNotConform" : "Conforms")).ToList();
        var early = await cityOffice.PostAsync($"{url}?handler=Close", Form(check, [.. fields.Take(14)]));
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("每一项巡检内容都要评定", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var closed = await cityOffice.PostAsync($"{url}?handler=Close", Form(check, [.. fields, ("note.09", "政策解读未同步发布"), ("conclusion", "基本符合")]));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var seenByCounty = await webmaster.GetStringAsync(url);
        Assert.Contains("已完成", seenByCounty, StringComparison.Ordinal);
        Assert.Contains("<td>不符合</td>", seenByCounty, StringComparison.Ordinal);
        Assert.Contains("政策解读未同步发布", seenByCounty, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Save", seenByCounty, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Start", await webmaster.GetStringAsync($"/admin/{tree.County}/spotchecks"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await webmaster.PostAsync($"{url}?handler=Save", Form(seenByCounty, ("verdict.01", "DoesNotConform")))).StatusCode);
        Assert.Contains("符合 14，不符合 1（共 15 项）", await cityOffice.GetStringAsync($"/admin/{tree.City}/spotchecks"), StringComparison.Ordinal);

        var neighbour = await LoginAsync(await UserAsync(other.County, SiteRole.SiteAdmin));
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync(url)).StatusCode);
        Assert.DoesNotContain("/spotchecks/", await neighbour.GetStringAsync($"/admin/{other.County}/spotchecks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_link_checker_reads_a_demo_site_through_the_host_and_finds_only_the_missing_guide_broken_on_the_site_itself()
    {
        var site = TestSites.Site(factory.Services, "fengqing");
        var crawling = new SiteCluster.Core.CrawlingOptions { PerHostDelayMilliseconds = 0, MaxRetries = 0 };
        var settings = Microsoft.Extensions.Options.Options.Create(new SiteCluster.Core.SiteClusterOptions
        {
            Crawling = crawling,
            Monitoring = new SiteCluster.Core.MonitoringOptions { PublicBaseUrl = "http://localhost/s/{slug}/" },
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var crawlers = new SiteCluster.Core.Crawling.CrawlerFactory(services.GetRequiredService<IHttpClientFactory>(), settings, TimeProvider.System, services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
        var checker = new LinkChecker(
            services.GetRequiredService<SiteClusterDbContext>(), services.GetRequiredService<IClusterScope>(), crawlers, settings, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<LinkChecker>.Instance);
        using var client = factory.Client();
        var source = new SiteCluster.Core.Crawling.HttpResourceSource(client, crawling, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var result = await checker.CheckAsync(site, TimeSpan.FromMinutes(2), source: source);

        Assert.True(result.PassCompleted);
        Assert.True(result.PagesChecked >= 10, $"{result.PagesChecked} pages");
        await using var read = TestSites.ScopeFor(factory.Services, site);
        var entries = await read.ServiceProvider.GetRequiredService<SiteClusterDbContext>().LinkCheckEntries.ToListAsync();
        Assert.Contains(entries, e => e.IsPage && e.Url.EndsWith(".html", StringComparison.Ordinal) && e.StatusCode == 200);
        var broken = entries.Where(e => e.IsBroken && e.Url.StartsWith("http://localhost/s/fengqing/", StringComparison.Ordinal)).Select(e => $"{e.Url} on {e.FoundOn}: {e.StatusCode} {e.Error}").ToList();

        // The one link that leads nowhere: 凤庆 has not published its 政府信息公开指南, so the footer's 公开指南 answers 404.
        Assert.True(broken.All(b => b.StartsWith("http://localhost/s/fengqing/guide on ", StringComparison.Ordinal)), string.Join('\n', broken));
    }
}
