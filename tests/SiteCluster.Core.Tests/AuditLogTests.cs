using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>Every change leaves an append-only record: who, when, which site, which row, before and after.</summary>
public abstract class AuditLogTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task A_recipe_records_each_created_site_under_that_site_with_the_recipe_as_actor()
    {
        var (json, tree) = TestSites.TreeRecipe();
        await TestSites.ApplyAsync(Services, json, "recipes/new-tree.json");
        var county = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;

        var entries = await EntriesOfAsync(county);

        var created = Assert.Single(entries, e => e.EntityType == "Site");
        Assert.Equal((AuditAction.Created, "recipe:new-tree.json", county.Id.ToString()), (created.Action, created.Actor, created.EntityId));
        Assert.Null(created.Before);
        Assert.Equal(tree.County, JsonDocument.Parse(created.After!).RootElement.GetProperty("Slug").GetString());
        Assert.Equal(2, entries.Count(e => e is { EntityType: "SiteHost", Action: AuditAction.Created }));
    }

    [Fact]
    public async Task An_update_records_only_the_changed_values_before_and_after()
    {
        var (json, tree) = TestSites.TreeRecipe();
        await TestSites.ApplyAsync(Services, json);
        await TestSites.ApplyAsync(Services, json.Replace($"测试县{tree.Suffix}", $"新测试县{tree.Suffix}", StringComparison.Ordinal));
        var county = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;

        var update = Assert.Single(await EntriesOfAsync(county), e => e.Action == AuditAction.Updated);

        var before = JsonDocument.Parse(update.Before!).RootElement;
        var after = JsonDocument.Parse(update.After!).RootElement;
        Assert.Equal($"测试县{tree.Suffix}", before.GetProperty("Name").GetString());
        Assert.Equal($"新测试县{tree.Suffix}", after.GetProperty("Name").GetString());
        Assert.False(after.TryGetProperty("SiteCode", out _), "unchanged values are not repeated");
    }

    [Fact]
    public async Task A_site_sees_only_its_own_entries_and_none_can_be_changed()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        var snapshot = Services.GetRequiredService<ISiteRegistry>().Current;
        var city = snapshot.FindBySlug(tree.City)!;
        await using var scope = TestSites.ScopeFor(Services, city);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();

        var visible = await db.AuditEntries.Select(e => e.TenantId).Distinct().ToListAsync();
        var entry = await db.AuditEntries.FirstAsync();
        entry.Actor = "someone else";

        Assert.Equal([city.Id], visible);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_made_for_a_site_is_recorded_with_the_actor_of_the_scope()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        var county = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;
        var userId = await TestSites.CreateUserAsync(Services);
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "fengqing-editor";
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var membership = new Membership { Id = Guid.CreateVersion7(), UserId = userId, Role = SiteRole.Editor };
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            db.Memberships.Remove(membership);
            await db.SaveChangesAsync();
        }

        var entries = (await EntriesOfAsync(county)).Where(e => e.EntityType == "Membership").ToList();

        Assert.Equal([AuditAction.Created, AuditAction.Deleted], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("fengqing-editor", e.Actor));
        Assert.Null(entries[1].After);
        Assert.Equal("Editor", JsonDocument.Parse(entries[1].Before!).RootElement.GetProperty("Role").GetString());
    }

    [Fact]
    public async Task Purging_removes_only_entries_past_the_retention_period_on_every_site()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        var county = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;
        var retention = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteClusterOptions>>().Value.Audit.RetentionDays;
        var old = new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            TenantId = county.Id,
            At = DateTimeOffset.UtcNow.AddDays(-retention - 1),
            Actor = "system",
            Action = AuditAction.Updated,
            EntityType = "Site",
            EntityId = county.Id.ToString(),
        };
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            db.AuditEntries.Add(old);
            await db.SaveChangesAsync();
        }

        var before = await EntriesOfAsync(county);
        await using (var scope = Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<AuditLog>().PurgeAsync() >= 1);
        }

        var after = await EntriesOfAsync(county);
        Assert.Contains(before, e => e.Id == old.Id);
        Assert.DoesNotContain(after, e => e.Id == old.Id);
        Assert.Equal(before.Count - 1, after.Count);
    }

    private async Task<List<AuditEntry>> EntriesOfAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var entries = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().AuditEntries.AsNoTracking().ToListAsync();
        return [.. entries.OrderBy(e => e.Id)];
    }

}

public sealed class AuditLogSqliteTests(SqliteFixture fixture) : AuditLogTests(fixture), IClassFixture<SqliteFixture>;

public sealed class AuditLogPostgresTests(PostgresFixture fixture) : AuditLogTests(fixture), IClassFixture<PostgresFixture>;
