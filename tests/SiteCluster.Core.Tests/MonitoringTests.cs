using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Monitoring;
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

    private async Task<Guid> AddItemAsync(SiteInfo site, Guid column, SiteClusterDbContext? db = null, string? publisher = "办公室")
    {
        await using var scope = db is null ? TestSites.ScopeFor(Services, site) : (AsyncServiceScope?)null;
        db ??= scope!.Value.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var now = fixture.Clock.GetUtcNow();
        var item = new ContentItem
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
