using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>索引号: per site and year, from the configured pattern, never handed out twice.</summary>
public abstract class IndexNumberGeneratorTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Numbers_follow_the_pattern_with_the_organisation_code_and_count_up_per_year()
    {
        var site = await NewSiteAsync(organisationCode: "000014349");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

        var first = await NextAsync(site, clock);
        var second = await NextAsync(site, clock);
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero)); // 2027-01-01 00:30 in Beijing
        var nextYear = await NextAsync(site, clock);

        Assert.Equal(["000014349/2026-00001", "000014349/2026-00002", "000014349/2027-00001"], [first, second, nextYear]);
    }

    [Fact]
    public async Task A_site_without_an_organisation_code_uses_its_site_code_and_sites_count_separately()
    {
        var a = await NewSiteAsync(organisationCode: null);
        var b = await NewSiteAsync(organisationCode: null);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

        await NextAsync(a, clock);
        var secondOfA = await NextAsync(a, clock);
        var firstOfB = await NextAsync(b, clock);

        Assert.Equal($"{a.SiteCode}/2026-00002", secondOfA);
        Assert.Equal($"{b.SiteCode}/2026-00001", firstOfB);
    }

    [Fact]
    public async Task Concurrent_publishing_never_gets_the_same_number()
    {
        var site = await NewSiteAsync(organisationCode: "MA6K12345");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => NextAsync(site, clock))));

        Assert.Equal(40, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"MA6K12345/2026-{i:00000}"), numbers.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{sitecode}-{year}-{serial:000}", "5309000002-2026-007")]
    [InlineData("{org}/{year}/{serial}", "000014349/2026/7")]
    public void Other_patterns_are_honoured(string pattern, string expected)
    {
        var site = new SiteInfo(Guid.NewGuid(), "mzj", "民政局", SiteLevel.Department, null, null, "", [], "5309000002", "o", null, null, "base", SiteStatus.Active, 0, "000014349");

        Assert.Equal(expected, IndexNumberGenerator.Format(pattern, site, 2026, 7));
    }

    private async Task<string> NextAsync(SiteInfo site, TimeProvider clock)
    {
        await using var scope = Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.SetSite(site);
        var generator = new IndexNumberGenerator(
            scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>(),
            tenant,
            scope.ServiceProvider.GetRequiredService<IOptions<SiteClusterOptions>>(),
            clock);
        return await generator.NextAsync();
    }

    private async Task<SiteInfo> NewSiteAsync(string? organisationCode)
    {
        var (json, tree) = TestSites.TreeRecipe();
        if (organisationCode is not null)
        {
            json = json.Replace($"\"slug\": \"{tree.County}\",", $"\"slug\": \"{tree.County}\", \"organisationCode\": \"{organisationCode}\",", StringComparison.Ordinal);
        }

        await TestSites.ApplyAsync(Services, json);
        var site = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;
        Assert.Equal(organisationCode, site.OrganisationCode);
        return site;
    }
}

public sealed class IndexNumberGeneratorSqliteTests(SqliteFixture fixture) : IndexNumberGeneratorTests(fixture), IClassFixture<SqliteFixture>;

public sealed class IndexNumberGeneratorPostgresTests(PostgresFixture fixture) : IndexNumberGeneratorTests(fixture), IClassFixture<PostgresFixture>;
