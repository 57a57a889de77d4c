using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>Query filters and write guards keep each site to its own rows, on both databases.</summary>
public abstract class TenantIsolationTests(DatabaseFixture fixture)
{
    protected IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task A_site_sees_only_its_own_rows_and_cluster_scope_sees_all()
    {
        var (a, b) = await TwoSitesWithMembershipsAsync();

        Assert.Equal([a.Id], await TenantIdsSeenAsync(a));
        Assert.Equal([b.Id], await TenantIdsSeenAsync(b));

        await using var scope = Services.CreateAsyncScope();
        using (scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test"))
        {
            var all = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Memberships
                .Where(m => m.TenantId == a.Id || m.TenantId == b.Id).Select(m => m.TenantId).Distinct().ToListAsync();
            Assert.Equal(2, all.Count);
        }
    }

    [Fact]
    public async Task Database_contexts_reused_from_the_pool_keep_no_site_of_an_earlier_request_even_under_concurrent_requests()
    {
        var (a, b) = await TwoSitesWithMembershipsAsync();
        Assert.Equal([a.Id], await TenantIdsSeenAsync(a));

        // The next scope most likely gets the context site a just gave back: with no site of its own it sees no site's rows.
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            Assert.Empty(await db.Memberships.Where(m => m.TenantId == a.Id || m.TenantId == b.Id).ToListAsync());
        }

        // Many requests of two sites at once, each on a context leased from the same pool.
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var wrong = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var site = (worker + i) % 2 == 0 ? a : b;
                var ids = await TenantIdsSeenAsync(site);
                if (ids.Count != 1 || ids[0] != site.Id)
                {
                    wrong.Add($"{site.Slug} saw {string.Join(",", ids)}");
                }
            }

            return wrong;
        })));
        Assert.Empty(seen.SelectMany(w => w));
    }

    [Fact]
    public async Task Writing_another_sites_row_is_refused()
    {
        var (a, b) = await TwoSitesWithMembershipsAsync();
        await using var scope = ScopeFor(a, out var db);

        db.Memberships.Add(new Membership { Id = Guid.CreateVersion7(), TenantId = b.Id, UserId = await AnyUserAsync(), Role = SiteRole.Editor });

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task New_rows_are_stamped_with_the_current_site()
    {
        var (a, _) = await TwoSitesWithMembershipsAsync();
        await using var scope = ScopeFor(a, out var db);
        var membership = new Membership { Id = Guid.CreateVersion7(), UserId = await AnyUserAsync(), Role = SiteRole.Reviewer };

        db.Memberships.Add(membership);
        await db.SaveChangesAsync();

        Assert.Equal(a.Id, membership.TenantId);
    }

    [Fact]
    public async Task An_archived_site_is_read_only()
    {
        var tree = await TestSites.CreateTreeAsync(Services, countyStatus: "Archived");
        var archived = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;
        await using var scope = ScopeFor(archived, out var db);

        db.Memberships.Add(new Membership { Id = Guid.CreateVersion7(), UserId = await AnyUserAsync(), Role = SiteRole.Editor });

        var ex = await Assert.ThrowsAsync<SiteReadOnlyException>(() => db.SaveChangesAsync());
        Assert.Equal(archived.Name, ex.SiteName);
    }

    protected async Task<(SiteInfo A, SiteInfo B)> TwoSitesWithMembershipsAsync()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        await TestSites.ApplyAsync(Services, $$"""
            { "steps": [ { "name": "users", "users": [
              { "userName": "m{{tree.Suffix}}", "memberships": [ { "site": "{{tree.City}}", "role": "Editor" }, { "site": "{{tree.County}}", "role": "Editor" } ] } ] } ] }
            """);
        var snapshot = Services.GetRequiredService<ISiteRegistry>().Current;
        return (snapshot.FindBySlug(tree.City)!, snapshot.FindBySlug(tree.County)!);
    }

    protected AsyncServiceScope ScopeFor(SiteInfo site, out SiteClusterDbContext db)
    {
        var scope = TestSites.ScopeFor(Services, site);
        db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        return scope;
    }

    private async Task<List<Guid>> TenantIdsSeenAsync(SiteInfo site)
    {
        await using var scope = ScopeFor(site, out var db);
        return await db.Memberships.Select(m => m.TenantId).Distinct().ToListAsync();
    }

    private Task<Guid> AnyUserAsync() => TestSites.CreateUserAsync(Services);
}

public sealed class TenantIsolationSqliteTests(SqliteFixture fixture) : TenantIsolationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class TenantIsolationPostgresTests(PostgresFixture fixture) : TenantIsolationTests(fixture), IClassFixture<PostgresFixture>;
