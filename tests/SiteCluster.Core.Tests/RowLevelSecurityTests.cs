using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>
/// On PostgreSQL, isolation does not rest on the query filter alone: raw SQL that bypasses
/// it, on a connection scoped to one site, still cannot read or write another site's rows.
/// </summary>
public sealed class RowLevelSecurityTests(PostgresFixture fixture) : TenantIsolationTests(fixture), IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Raw_sql_without_the_filter_reads_only_the_current_sites_rows()
    {
        var (a, b) = await TwoSitesWithMembershipsAsync();
        await using var scope = ScopeFor(a, out var db);

        var seen = await db.Database
            .SqlQueryRaw<Guid>("SELECT \"TenantId\" AS \"Value\" FROM \"Memberships\"")
            .ToListAsync();

        Assert.NotEmpty(seen);
        Assert.All(seen, id => Assert.Equal(a.Id, id));
        Assert.DoesNotContain(b.Id, seen);
    }

    [Fact]
    public async Task Raw_sql_cannot_change_or_delete_another_sites_rows()
    {
        var (a, b) = await TwoSitesWithMembershipsAsync();
        await using var scope = ScopeFor(a, out var db);

        var updated = await db.Database.ExecuteSqlAsync($"UPDATE \"Memberships\" SET \"Role\" = 'SiteAdmin' WHERE \"TenantId\" = {b.Id}");
        var deleted = await db.Database.ExecuteSqlAsync($"DELETE FROM \"Memberships\" WHERE \"TenantId\" = {b.Id}");

        Assert.Equal((0, 0), (updated, deleted));
        await using var other = ScopeFor(b, out var otherDb);
        Assert.Equal(["Editor"], await otherDb.Database.SqlQueryRaw<string>("SELECT \"Role\" AS \"Value\" FROM \"Memberships\"").ToListAsync());
    }

    [Fact]
    public async Task Raw_sql_cannot_insert_a_row_for_another_site()
    {
        var (a, b) = await TwoSitesWithMembershipsAsync();
        await using var scope = ScopeFor(a, out var db);
        var userId = await db.Database.SqlQueryRaw<Guid>("SELECT \"UserId\" AS \"Value\" FROM \"Memberships\"").FirstAsync();

        var ex = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"Memberships\" (\"Id\", \"TenantId\", \"UserId\", \"Role\", \"CreatedAt\") VALUES ({Guid.NewGuid()}, {b.Id}, {userId}, 'Editor', now())"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        Assert.Contains("row-level security", ex.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_with_no_site_sees_no_tenant_rows()
    {
        await TwoSitesWithMembershipsAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();

        var count = await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"Memberships\"").SingleAsync();

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Every_tenant_owned_table_has_forced_row_level_security_with_the_policy()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var tables = db.Model.GetEntityTypes()
            .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType))
            .Select(t => t.GetTableName()!)
            .ToList();

        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            var state = await db.Database.SqlQuery<string>($"""
                SELECT c.relrowsecurity::text || '/' || c.relforcerowsecurity::text || '/' ||
                       (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = {RowLevelSecurity.PolicyName})::text AS "Value"
                FROM pg_class c WHERE c.relname = {table}
                """).SingleAsync();
            Assert.True(state == "true/true/1", $"table {table}: enabled/forced/policies = {state}");
        }
    }

    [Fact]
    public async Task The_host_refuses_a_role_that_bypasses_row_level_security()
    {
        var superuser = new NpgsqlConnectionStringBuilder(TestServices.Postgres)
        {
            Username = "postgres",
            Database = new NpgsqlConnectionStringBuilder(fixture.Host.Database.ConnectionString).Database,
        }.ConnectionString;
        var options = new DbContextOptionsBuilder<PostgreSqlSiteClusterDbContext>().UseNpgsql(superuser).Options;
        await using var db = new PostgreSqlSiteClusterDbContext(options);
        var initializer = new DatabaseInitializer(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseInitializer>.Instance);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => initializer.EnsureRowSecurityHoldsAsync());

        Assert.Contains("BYPASSRLS", ex.Message, StringComparison.Ordinal);
    }
}
