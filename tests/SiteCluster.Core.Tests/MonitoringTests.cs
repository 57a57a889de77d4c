using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Interaction;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>Central monitoring by the national rules, with a clock the tests move: thresholds, vetoes, capped deductions and resolution.</summary>
public abstract class MonitoringTests(ClockedFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task A_stale_news_column_and_five_emptied_columns_fail_a_county_and_fixing_them_resolves_the_findings()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var leaves = await FillAsync(county);

        var clean = await ScoreOfAsync(county);
        Assert.Empty(clean.Vetoes);
        Assert.True(clean.Passed);

        // 14 days: just inside the news column's period; the home page stays fresh.
        fixture.Clock.Advance(TimeSpan.FromDays(14));
        await AddItemAsync(county, leaves["04"]);
        Assert.DoesNotContain((await ScoreOfAsync(county)).Problems, p => p.RuleCode == "columns-stale");

        // 15 days: just outside; five columns emptied.
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await AddItemAsync(county, leaves["04"]);
        var emptied = leaves.Keys.Where(c => c is not ("04" or "05")).Order(StringComparer.Ordinal).Take(5).ToArray();
        await SetStatusAsync(county, [.. emptied.Select(c => leaves[c])], ContentStatus.Withdrawn);
        var failed = await ScoreOfAsync(county);

        Assert.False(failed.Passed);
        Assert.Equal(0, failed.Score);
        Assert.Equal(["blank-columns"], failed.Vetoes);
        Assert.Contains(failed.Problems, p => p.RuleCode == "columns-stale" && p.Detail.Contains("工作动态", StringComparison.Ordinal) && p.Detail.Contains("15 天", StringComparison.Ordinal));
        Assert.Equal(5, failed.Problems.Count(p => p.RuleCode == "blank-columns"));

        await AddItemAsync(county, leaves["05"]);
        await SetStatusAsync(county, [.. emptied.Select(c => leaves[c])], ContentStatus.Published);
        var fixedScore = await ScoreOfAsync(county);

        Assert.True(fixedScore.Passed);
        Assert.DoesNotContain(fixedScore.Problems, p => p.RuleCode is "columns-stale" or "blank-columns");
        await using var scope = TestSites.ScopeFor(Services, county);
        var findings = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MonitoringFindings
            .Where(f => f.RuleCode == "columns-stale" || f.RuleCode == "blank-columns").ToListAsync();
        Assert.Equal(6, findings.Count);
        Assert.All(findings, f => Assert.NotNull(f.ResolvedAt));
    }

    [Fact]
    public async Task Deductions_are_capped_per_indicator_and_a_site_without_content_is_vetoed_for_a_stale_home_page()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var city = TestSites.Site(Services, tree.City);
        var leaves = await FillAsync(county);
        for (var i = 0; i < 12; i++)
        {
            await AddItemAsync(county, leaves["04"], publisher: null);
        }

        await AddAnnualReportAsync(county, BeijingTime.Today(fixture.Clock).Year - 1);

        var result = await RunAsync();
        var countyScore = result.Sites.Single(s => s.Site.Id == county.Id);
        var cityScore = result.Sites.Single(s => s.Site.Id == city.Id);

        // 12 items without 发布机构 at 0.5 each is 6, capped at the indicator's 5; the footer's two numbers cost 1 each.
        Assert.Equal(12, countyScore.Problems.Count(p => p.RuleCode == "missing-metadata"));
        var footer = countyScore.Problems.Count(p => p.RuleCode == "footer");
        Assert.Equal(100 - 5 - footer, countyScore.Score);
        Assert.True(countyScore.Passed);
        Assert.Contains("home-stale", cityScore.Vetoes);
        Assert.False(cityScore.Passed);
    }

    [Fact]
    public async Task Images_without_alt_text_expired_items_shown_as_valid_and_personal_data_are_found_on_the_public_pages()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var leaves = await FillAsync(county);
        var image = await AddItemAsync(county, leaves["04"]);
        var expired = await AddItemAsync(county, leaves["04"]);
        var personal = await AddItemAsync(county, leaves["04"]);
        var overridden = await AddItemAsync(county, leaves["04"]);
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            (await db.ContentItems.SingleAsync(i => i.Id == image)).Body = "<p><img src=\"/media/a.png\"> 与 <img src=\"/media/b.png\" alt=\"会场\"></p>";
            (await db.ContentItems.SingleAsync(i => i.Id == expired)).ExpiryDate = BeijingTime.Today(fixture.Clock).AddDays(-3);
            (await db.ContentItems.SingleAsync(i => i.Id == personal)).Body = "<p>联系人手机 13912345678</p>";
            var exempt = await db.ContentItems.SingleAsync(i => i.Id == overridden);
            exempt.Body = "<p>联系人手机 13912345679</p>";
            exempt.PersonalDataOverride = "经审核同意公开的办事电话";
            await db.SaveChangesAsync();
        }

        var problems = (await ScoreOfAsync(county)).Problems;

        Assert.Equal([$"item:{image}"], problems.Where(p => p.RuleCode == "image-alt").Select(p => p.Target));
        Assert.Contains("1 张图片", problems.Single(p => p.RuleCode == "image-alt").Detail, StringComparison.Ordinal);
        Assert.Equal([$"item:{expired}"], problems.Where(p => p.RuleCode == "expired-valid").Select(p => p.Target));
        Assert.Contains("3 天", problems.Single(p => p.RuleCode == "expired-valid").Detail, StringComparison.Ordinal);
        Assert.Equal([$"item:{personal}"], problems.Where(p => p.RuleCode == "personal-data").Select(p => p.Target));
    }

    [Fact]
    public async Task The_text_scan_reads_again_only_items_changed_since_the_last_run_and_keeps_what_it_found_in_the_others()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var leaves = await FillAsync(county);
        var phone = await AddItemAsync(county, leaves["04"]);
        var image = await AddItemAsync(county, leaves["04"]);
        var exempt = await AddItemAsync(county, leaves["04"]);
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            (await db.ContentItems.SingleAsync(i => i.Id == phone)).Body = "<p>联系人手机 13912345678</p>";
            (await db.ContentItems.SingleAsync(i => i.Id == image)).Body = "<p><img src=\"/media/a.png\"></p>";
            var item = await db.ContentItems.SingleAsync(i => i.Id == exempt);
            item.Body = "<p>办事电话 13912345679</p>";
            item.PersonalDataOverride = "经审核同意公开的办事电话";
            await db.SaveChangesAsync();
        }

        var first = (await ScoreOfAsync(county)).Problems;
        Assert.Equal([$"item:{phone}"], first.Where(p => p.RuleCode == "personal-data").Select(p => p.Target));
        Assert.Equal([$"item:{image}"], first.Where(p => p.RuleCode == "image-alt").Select(p => p.Target));

        // A run reads again what changed in the last minutes before the previous one (a save may
        // commit after a run has read the items); an hour later the items count as unchanged.
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Contains($"item:{phone}", (await ScoreOfAsync(county)).Problems.Where(p => p.RuleCode == "personal-data").Select(p => p.Target));

        // A body changed behind the application's back (not through a save) is not read again: the
        // next run keeps what was found in the unchanged item.
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            await db.ContentItems.Where(i => i.Id == phone).ExecuteUpdateAsync(u => u.SetProperty(i => i.Body, "<p>已删除号码</p>"));
        }

        Assert.Contains($"item:{phone}", (await ScoreOfAsync(county)).Problems.Where(p => p.RuleCode == "personal-data").Select(p => p.Target));

        // Changed through a save (which moves its UpdatedAt whoever wrote it), an item is read again;
        // a lifted override shows what was found without reading the item; a withdrawn item's finding goes.
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            (await db.ContentItems.SingleAsync(i => i.Id == phone)).Body = "<p>联系电话请见办事指南</p>";
            await db.SaveChangesAsync();
            await db.ContentItems.Where(i => i.Id == exempt).ExecuteUpdateAsync(u => u.SetProperty(i => i.PersonalDataOverride, (string?)null));
            await db.ContentItems.Where(i => i.Id == image).ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, ContentStatus.Withdrawn));
        }

        var third = (await ScoreOfAsync(county)).Problems;
        Assert.Equal([$"item:{exempt}"], third.Where(p => p.RuleCode == "personal-data").Select(p => p.Target));
        Assert.DoesNotContain(third, p => p.RuleCode == "image-alt");
    }

    [Fact]
    public async Task A_policy_without_a_public_interpretation_is_found_after_three_working_days_not_counting_the_weekend()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var policies = await ColumnAsync(county, "0201");
        var interpretations = await ColumnAsync(county, "03");

        // Published on a Friday: Monday, Tuesday and Wednesday are its three working days.
        var friday = NextDay(DayOfWeek.Friday);
        fixture.Clock.SetUtcNow(new DateTimeOffset(friday.ToDateTime(new TimeOnly(10, 0)), BeijingTime.Offset).ToUniversalTime());
        var policy = await AddItemAsync(county, policies, i => (i.ContentType, i.Title, i.DocumentNumber) = ("PolicyDocument", "关于推进基层政务公开的实施意见", "测政发〔2026〕7号"));
        var interpreted = await AddItemAsync(county, policies, i => (i.ContentType, i.DocumentNumber) = ("PolicyDocument", "测政发〔2026〕8号"));
        var expired = await AddItemAsync(county, policies, i => (i.ContentType, i.Status) = ("PolicyDocument", ContentStatus.Expired));
        await InterpretAsync(county, interpretations, interpreted, ContentStatus.Published);
        await InterpretAsync(county, interpretations, policy, ContentStatus.Draft);
        await InterpretAsync(county, interpretations, policy, ContentStatus.Withdrawn);

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(friday.AddDays(6)).AddSeconds(-1));
        Assert.DoesNotContain((await ScoreOfAsync(county)).Problems, p => p.RuleCode == "policy-interpretation");

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(friday.AddDays(6)));
        var late = (await ScoreOfAsync(county)).Problems.Where(p => p.RuleCode == "policy-interpretation").ToList();

        var finding = Assert.Single(late);
        Assert.Equal($"item:{policy}", finding.Target);
        Assert.Contains("关于推进基层政务公开的实施意见", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("测政发〔2026〕7号", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("3 个工作日", finding.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(late, p => p.Target == $"item:{expired}");

        await InterpretAsync(county, interpretations, policy, ContentStatus.Published);
        Assert.DoesNotContain((await ScoreOfAsync(county)).Problems, p => p.RuleCode == "policy-interpretation");
        await using var scope = TestSites.ScopeFor(Services, county);
        var stored = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MonitoringFindings.SingleAsync(f => f.RuleCode == "policy-interpretation");
        Assert.NotNull(stored.ResolvedAt);
    }

    [Fact]
    public async Task Last_years_annual_report_is_due_by_31_January_on_a_departments_site_and_by_31_March_on_a_governments()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var department = await AddDepartmentAsync(tree);
        var today = BeijingTime.Today(fixture.Clock);
        var year = today < new DateOnly(today.Year, 1, 31) ? today.Year : today.Year + 1;
        var reportYear = year - 1;

        // Reports that do not count: another kind titled like one, an older year's, and one published before the year it reports on ended.
        var countyReports = await ColumnAsync(county, "1103");
        await AddItemAsync(county, countyReports, i => (i.ContentType, i.Title, i.Fields) = ("Report", $"{reportYear}年度部门决算年度报告", $$"""{"year":{{reportYear}},"kind":"决算"}"""));
        await AddItemAsync(county, countyReports, i => (i.ContentType, i.Fields) = ("Report", $$"""{"year":{{reportYear - 1}},"kind":"政府信息公开工作年度报告"}"""));
        await AddAnnualReportAsync(county, reportYear, BeijingTime.StartOf(new DateOnly(year, 1, 1)).AddSeconds(-1));

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(new DateOnly(year, 2, 1)).AddSeconds(-1));
        var result = await RunAsync();
        Assert.DoesNotContain(ProblemsOf(result, department), p => p.RuleCode == "annual-report");

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(new DateOnly(year, 2, 1)));
        result = await RunAsync();
        var missing = Assert.Single(ProblemsOf(result, department), p => p.RuleCode == "annual-report");
        Assert.Equal($"report:{reportYear}", missing.Target);
        Assert.Contains($"{reportYear}年政府信息公开工作年度报告", missing.Detail, StringComparison.Ordinal);
        Assert.Contains($"{year}-01-31", missing.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ProblemsOf(result, county), p => p.RuleCode == "annual-report");

        // Published late, it still counts.
        await AddAnnualReportAsync(department, reportYear);
        Assert.DoesNotContain(ProblemsOf(await RunAsync(), department), p => p.RuleCode == "annual-report");

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(new DateOnly(year, 4, 1)).AddSeconds(-1));
        Assert.DoesNotContain(ProblemsOf(await RunAsync(), county), p => p.RuleCode == "annual-report");

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(new DateOnly(year, 4, 1)));
        var late = Assert.Single(ProblemsOf(await RunAsync(), county), p => p.RuleCode == "annual-report");
        Assert.Contains($"{year}-03-31", late.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_for_one_site_scores_only_that_site_and_leaves_the_others_findings_open()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var city = TestSites.Site(Services, tree.City);
        await RunAsync();
        var cityFindings = await OpenFindingsAsync(city);

        Guid countyRun;
        await using (var scope = Services.CreateAsyncScope())
        {
            var monitoring = scope.ServiceProvider.GetRequiredService<MonitoringService>();
            var result = await monitoring.RunAsync(county, default);
            countyRun = result.RunId;

            Assert.Equal([county.Id], result.Sites.Select(s => s.Site.Id));

            // The overview still shows the city's latest score, from the run before.
            var scores = await monitoring.ScoresAsync([city.Id, county.Id], perSite: 1);
            Assert.Single(scores[city.Id]);
            Assert.Equal(result.RunId, Assert.Single(scores[county.Id]).RunId);
        }

        Assert.NotEmpty(cityFindings);
        Assert.Equal(cityFindings, await OpenFindingsAsync(city));
        Assert.All(await OpenFindingsAsync(county), f => Assert.Equal(countyRun, f.Item3));
    }

    [Fact]
    public async Task A_broken_rule_option_is_refused_naming_the_step_the_file_and_the_field()
    {
        var folder = Directory.CreateTempSubdirectory("sitecluster-rules-");
        try
        {
            var file = Path.Combine(folder.FullName, "broken-rules.json");
            await File.WriteAllTextAsync(file, """
                { "version": "broken", "rules": [
                  { "code": "policy-interpretation", "type": "PolicyWithoutInterpretation", "name": "政策文件未解读", "points": 5, "perFinding": 1, "workingDays": -1 },
                  { "code": "annual-report", "type": "AnnualReportMissing", "name": "年度报告", "points": 5, "perFinding": 5, "departmentDeadline": "02-29", "governmentDeadline": "3/31" },
                  { "code": "unreachable", "type": "Unreachable", "name": "网站不能访问", "veto": true, "days": 7, "failurePercent": 0 },
                  { "code": "interaction", "type": "UnansweredMessages", "name": "互动回应差", "veto": true, "months": 0, "workingDays": 0 }
                ],
                "checklist": [ { "code": "01", "text": "负责政务公开工作领导和人员情况" }, { "code": "01", "text": "" } ] }
                """);

            var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(
                Services, """{ "steps": [ { "name": "monitoring", "file": "broken-rules.json" } ] }""", Path.Combine(folder.FullName, "recipe.json")));

            Assert.All(ex.Errors, e => Assert.Equal((1, "monitoring", "file"), (e.StepIndex, e.StepName, e.Field)));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'rules[0].workingDays'", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'rules[1].departmentDeadline'", StringComparison.Ordinal) && e.Message.Contains("02-29", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'rules[1].governmentDeadline'", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'rules[2].failurePercent'", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'rules[3].months'", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'checklist[1].code'", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Message.Contains("field 'checklist[1].text'", StringComparison.Ordinal));
            Assert.Equal(7, ex.Errors.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_site_is_unreachable_when_five_percent_of_the_last_weeks_probes_failed_or_were_slower_than_15_seconds()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var city = TestSites.Site(Services, tree.City);
        var now = fixture.Clock.GetUtcNow();

        // 200 probes over the last week (one every 50 minutes), 9 of them failed: 4.5%, just inside.
        var probes = Enumerable.Range(0, 200).Select(i => Probe(county, now.AddMinutes(-50 * i), succeeded: i % 20 != 7 || i >= 180)).ToList();
        Assert.Equal(9, probes.Count(p => !p.Succeeded));

        // A failure just outside the window does not count; neither do too few probes (the city: 100, all failed).
        probes.Add(Probe(county, now.AddDays(-7), succeeded: false));
        probes.AddRange(Enumerable.Range(0, 100).Select(i => Probe(city, now.AddMinutes(-60 * i), succeeded: false)));
        await AddProbesAsync(probes);

        var inside = await RunAsync();
        Assert.DoesNotContain(ProblemsOf(inside, county), p => p.RuleCode == "unreachable");
        Assert.DoesNotContain(ProblemsOf(inside, city), p => p.RuleCode == "unreachable");

        // One more: answered, but after 15.001 s: 10 of 201 is 4.98%, still inside. A second: 11 of 202, 5.4%, outside.
        await AddProbesAsync([Probe(county, now, succeeded: true, latency: 15_001)]);
        Assert.DoesNotContain(ProblemsOf(await RunAsync(), county), p => p.RuleCode == "unreachable");
        await AddProbesAsync([Probe(county, now, succeeded: false)]);
        var outside = (await RunAsync()).Sites.Single(s => s.Site.Id == county.Id);

        var finding = Assert.Single(outside.Problems, p => p.RuleCode == "unreachable");
        Assert.Equal("availability", finding.Target);
        Assert.Contains("202 次可用性探测中有 11 次", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("unreachable", outside.Vetoes);
        Assert.Equal(0, outside.Score);
    }

    [Fact]
    public async Task Exactly_five_percent_of_failed_probes_vetoes_the_site()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var now = fixture.Clock.GetUtcNow();
        await AddProbesAsync([.. Enumerable.Range(0, 200).Select(i => Probe(county, now.AddMinutes(-50 * i), succeeded: i % 20 != 3))]);

        var result = await RunAsync();

        Assert.Single(ProblemsOf(result, county), p => p.RuleCode == "unreachable");
    }

    [Fact]
    public async Task Consultations_unanswered_past_five_working_days_cost_points_and_past_three_months_veto_the_site()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var friday = NextDay(DayOfWeek.Friday);
        fixture.Clock.SetUtcNow(new DateTimeOffset(friday.ToDateTime(new TimeOnly(10, 0)), BeijingTime.Offset).ToUniversalTime());
        var waiting = await MessageAsync(county, MessageKind.Consultation, MessageStatus.Accepted, "咨询低保申请条件");
        var pending = await MessageAsync(county, MessageKind.Consultation, MessageStatus.Pending, "咨询办事时间");
        var mailbox = await MessageAsync(county, MessageKind.Mailbox, MessageStatus.Accepted, "给县长的信");
        var answeredLate = await MessageAsync(county, MessageKind.Consultation, MessageStatus.Replied, "咨询补贴发放", repliedAfterDays: 25);
        var answered = await MessageAsync(county, MessageKind.Consultation, MessageStatus.Replied, "咨询社保转移", repliedAfterDays: 1);

        WorkCalendar calendar;
        await using (var scope = Services.CreateAsyncScope())
        {
            calendar = await WorkCalendar.LoadAsync(scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>(), default);
        }

        // Five working days by the installed calendar: the last one still counts as in time.
        var fifth = calendar.AddWorkingDays(friday, 5);
        fixture.Clock.SetUtcNow(BeijingTime.StartOf(fifth.AddDays(1)).AddSeconds(-1));
        var inTime = (await ScoreOfAsync(county)).Problems.Where(p => p.RuleCode is "message-reply-late" or "interaction").ToList();
        Assert.Equal([$"message:{answeredLate}"], inTime.Select(p => p.Target));
        Assert.Contains("才答复，超过了 5 个工作日", inTime[0].Detail, StringComparison.Ordinal);

        fixture.Clock.SetUtcNow(BeijingTime.StartOf(fifth.AddDays(1)));
        var late = (await ScoreOfAsync(county)).Problems.Where(p => p.RuleCode == "message-reply-late").ToList();
        Assert.Equal(new[] { waiting, pending, answeredLate }.Select(id => $"message:{id}").Order(), late.Select(p => p.Target).Order());
        Assert.Contains(late, p => p.Detail.Contains("咨询留言“咨询低保申请条件”", StringComparison.Ordinal) && p.Detail.Contains("超过 5 个工作日仍未答复", StringComparison.Ordinal));
        Assert.DoesNotContain(late, p => p.Target == $"message:{mailbox}" || p.Target == $"message:{answered}");

        // Three months: the last day is in time, the day after vetoes the site.
        fixture.Clock.SetUtcNow(BeijingTime.StartOf(friday.AddMonths(3).AddDays(1)).AddSeconds(-1));
        Assert.DoesNotContain((await ScoreOfAsync(county)).Problems, p => p.RuleCode == "interaction");
        fixture.Clock.SetUtcNow(BeijingTime.StartOf(friday.AddMonths(3).AddDays(1)));
        var vetoed = await ScoreOfAsync(county);
        Assert.Contains("interaction", vetoed.Vetoes);
        Assert.Equal(new[] { waiting, pending }.Select(id => $"message:{id}").Order(), vetoed.Problems.Where(p => p.RuleCode == "interaction").Select(p => p.Target).Order());
        Assert.Contains(vetoed.Problems, p => p.RuleCode == "interaction" && p.Detail.Contains("超过 3 个月仍未答复", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broken_links_on_the_home_page_and_on_other_pages_are_deducted_separately()
    {
        await InstallRulesAsync();
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var home = $"https://{county.PrimaryHost}/";
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            db.LinkCheckStates.Add(new LinkCheckState { TenantId = county.Id, StartUrl = home, Pass = 1 });
            LinkCheckEntry Entry(string url, string? foundOn, int status, bool broken) => new()
            {
                Id = Guid.CreateVersion7(),
                TenantId = county.Id,
                Url = url,
                UrlHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url))),
                FoundOn = foundOn,
                StatusCode = status,
                IsBroken = broken,
                SeenInPass = 1,
                CheckedInPass = 1,
            };
            db.LinkCheckEntries.AddRange(new[]
            {
                Entry(home, null, 200, false),
                Entry($"{home}gone.html", home, 404, true),
                Entry("https://www.example.gov.cn/old", home, 0, true),
                Entry($"{home}zwgk/", home, 200, false),
            }.Concat(Enumerable.Range(0, 3).Select(i => Entry($"{home}zwgk/missing{i}.html", $"{home}zwgk/", 404, true))));
            await db.SaveChangesAsync();
        }

        var result = await ScoreOfAsync(county);

        var onHome = result.Problems.Where(p => p.RuleCode == "broken-links-home").ToList();
        Assert.Equal(2, onHome.Count);
        Assert.Contains(onHome, p => p.Detail == $"页面 {home} 上的链接 {home}gone.html 无法访问（404）。");
        Assert.Equal(3, result.Problems.Count(p => p.RuleCode == "broken-links"));
        Assert.Contains(onHome, p => p.Detail.Contains("https://www.example.gov.cn/old", StringComparison.Ordinal) && p.Detail.EndsWith("（无响应）。", StringComparison.Ordinal));
    }

    private static AvailabilityProbe Probe(SiteInfo site, DateTimeOffset at, bool succeeded, int latency = 300) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = site.Id,
        At = at,
        Url = $"https://{site.PrimaryHost}/",
        StatusCode = succeeded ? 200 : 503,
        Succeeded = succeeded,
        LatencyMilliseconds = latency,
        Error = succeeded ? null : "HTTP 503",
    };

    private async Task AddProbesAsync(IReadOnlyList<AvailabilityProbe> probes)
    {
        await using var scope = Services.CreateAsyncScope();
        using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test probes");
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        db.AvailabilityProbes.AddRange(probes);
        await db.SaveChangesAsync();
    }

    /// <summary>A message submitted now, in the state given; a replied one is answered <paramref name="repliedAfterDays"/> calendar days later.</summary>
    private async Task<Guid> MessageAsync(SiteInfo site, MessageKind kind, MessageStatus status, string subject, int repliedAfterDays = 0)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var now = fixture.Clock.GetUtcNow();
        var message = new PublicMessage
        {
            Id = Guid.CreateVersion7(),
            TenantId = site.Id,
            TrackingNumber = $"XX{Guid.NewGuid():N}"[..20],
            CodeHash = "x",
            Kind = kind,
            Subject = subject,
            Body = "留言正文",
            AuthorName = "张三",
            Phone = "13800000000",
            Status = status,
            SubmittedAt = now,
            RepliedAt = status == MessageStatus.Replied ? now.AddDays(repliedAfterDays) : null,
            Reply = status == MessageStatus.Replied ? "答复" : null,
        };
        db.PublicMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private async Task InstallRulesAsync() =>
        await TestSites.ApplyAsync(Services, """{ "steps": [ { "name": "monitoring", "file": "monitoring/national-2019.json" } ] }""");

    private async Task<MonitoringRunResult> RunAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISiteRegistry>().ReloadAsync();
        return await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync();
    }

    private async Task<SiteScore> ScoreOfAsync(SiteInfo site) => (await RunAsync()).Sites.Single(s => s.Site.Id == site.Id);

    /// <summary>Puts one public item in every catalogue column without catalogue sub-columns and every local leaf; returns the catalogue ones' column ids by code.</summary>
    private async Task<Dictionary<string, Guid>> FillAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var columns = await db.Columns.Where(c => !c.IsHidden).ToListAsync();
        var leaves = columns.Where(c => columns.All(o => o.ParentId != c.Id || o.CatalogueCode is null) && c.CatalogueCode is not null).ToList();
        var items = new Dictionary<string, Guid>();
        foreach (var column in leaves)
        {
            items[column.CatalogueCode!] = await AddItemAsync(site, column.Id, db);
        }

        // Local columns with nothing under them (乡镇动态) get an item too.
        foreach (var local in columns.Where(c => c.CatalogueCode is null && columns.All(o => o.ParentId != c.Id)))
        {
            await AddItemAsync(site, local.Id, db);
        }

        return items.ToDictionary(i => i.Key, i => leaves.Single(c => c.CatalogueCode == i.Key).Id);
    }

    private static IEnumerable<FoundProblem> ProblemsOf(MonitoringRunResult result, SiteInfo site) => result.Sites.Single(s => s.Site.Id == site.Id).Problems;

    /// <summary>The next <paramref name="day"/> after today (Beijing).</summary>
    private DateOnly NextDay(DayOfWeek day)
    {
        var today = BeijingTime.Today(fixture.Clock);
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    private async Task<Guid> ColumnAsync(SiteInfo site, string catalogueCode)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.Where(c => c.CatalogueCode == catalogueCode).Select(c => c.Id).SingleAsync();
    }

    private async Task<List<(string, string, Guid)>> OpenFindingsAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var findings = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MonitoringFindings.Where(f => f.ResolvedAt == null).ToListAsync();
        return [.. findings.Select(f => (f.RuleCode, f.Target, f.LastRunId)).Order()];
    }

    /// <summary>A department's site below the test tree's city, with its catalogue columns.</summary>
    private async Task<SiteInfo> AddDepartmentAsync(TestTree tree)
    {
        var slug = $"d{tree.Suffix}";
        await TestSites.ApplyAsync(Services, $$"""
            { "steps": [
              { "name": "sites", "sites": [ { "slug": "{{slug}}", "parent": "{{tree.City}}", "name": "测试市民政局{{tree.Suffix}}", "level": "Department", "siteCode": "{{TestSites.NewSiteCode()}}", "organiser": "测试市民政局", "hosts": [ "mzj.c{{tree.Suffix}}.gov.cn" ] } ] },
              { "name": "columns", "sites": [ "{{slug}}" ] }
            ] }
            """);
        await Services.GetRequiredService<ISiteRegistry>().ReloadAsync();
        return TestSites.Site(Services, slug);
    }

    /// <summary>Publishes the site's 政府信息公开工作年度报告 for <paramref name="year"/>, now or at <paramref name="publishedAt"/>.</summary>
    private async Task AddAnnualReportAsync(SiteInfo site, int year, DateTimeOffset? publishedAt = null)
    {
        var column = await ColumnAsync(site, "1103");
        await AddItemAsync(site, column, i =>
        {
            i.ContentType = "Report";
            i.Title = $"{site.Name}{year}年度政府信息公开工作报告";
            i.Fields = $$"""{"year":{{year}},"kind":"政府信息公开工作年度报告"}""";
            i.PublishedAt = publishedAt ?? i.PublishedAt;
        });
    }

    /// <summary>An interpretation of <paramref name="policy"/> in the state given, linked to it as publishing links it.</summary>
    private async Task InterpretAsync(SiteInfo site, Guid column, Guid policy, ContentStatus status)
    {
        var interpretation = await AddItemAsync(site, column, i => (i.ContentType, i.Status, i.Title) = ("Interpretation", status, "政策解读"));
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        db.ContentRelations.Add(new ContentRelation { TenantId = site.Id, FromItemId = interpretation, Field = "policy", ToItemId = policy });
        await db.SaveChangesAsync();
    }

    private async Task<Guid> AddItemAsync(SiteInfo site, Guid column, Action<ContentItem> configure)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var item = NewItem(site, column, "办公室");
        configure(item);
        db.ContentItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private ContentItem NewItem(SiteInfo site, Guid column, string? publisher)
    {
        var now = fixture.Clock.GetUtcNow();
        return new ContentItem
        {
            Id = Guid.CreateVersion7(),
            TenantId = site.Id,
            ColumnId = column,
            ContentType = "Article",
            Status = ContentStatus.Published,
            Title = "监测测试信息",
            Body = "<p>正文</p>",
            Publisher = publisher,
            PublishedAt = now,
            CurrentVersion = 1,
            PublishedVersion = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private async Task<Guid> AddItemAsync(SiteInfo site, Guid column, SiteClusterDbContext? db = null, string? publisher = "办公室")
    {
        await using var scope = db is null ? TestSites.ScopeFor(Services, site) : (AsyncServiceScope?)null;
        db ??= scope!.Value.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var item = NewItem(site, column, publisher);
        db.ContentItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private Task<Guid> AddItemAsync(SiteInfo site, Guid column, string? publisher) => AddItemAsync(site, column, null, publisher);

    private async Task SetStatusAsync(SiteInfo site, Guid[] columns, ContentStatus status)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        foreach (var item in await db.ContentItems.Where(i => columns.Contains(i.ColumnId)).ToListAsync())
        {
            item.Status = status;
        }

        await db.SaveChangesAsync();
    }
}

public sealed class MonitoringScheduleTests
{
    [Fact]
    public void The_schedule_is_read_in_Beijing_time_and_an_empty_one_is_off()
    {
        var tenInTheMorning = new DateTimeOffset(2026, 11, 23, 10, 0, 0, BeijingTime.Offset);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 0, BeijingTime.Offset), MonitoringSchedule.Next("0 2 * * *", tenInTheMorning));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 0, BeijingTime.Offset), MonitoringSchedule.Next("*/30 * * * *", tenInTheMorning));
        Assert.Null(MonitoringSchedule.Next(" ", tenInTheMorning));
        Assert.Throws<Cronos.CronFormatException>(() => MonitoringSchedule.Next("every night", tenInTheMorning));
    }
}

public sealed class MonitoringSqliteTests(ClockedSqliteFixture fixture) : MonitoringTests(fixture), IClassFixture<ClockedSqliteFixture>;

public sealed class MonitoringPostgresTests(ClockedPostgresFixture fixture) : MonitoringTests(fixture), IClassFixture<ClockedPostgresFixture>;
