using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

public abstract class RecipeExecutorTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Applying_a_tree_creates_every_site_with_its_parent_and_hosts()
    {
        var tree = await TestSites.CreateTreeAsync(Services);

        var snapshot = Services.GetRequiredService<ISiteRegistry>().Current;
        var county = snapshot.FindBySlug(tree.County)!;
        Assert.Equal(SiteLevel.County, county.Level);
        Assert.Equal(tree.City, county.ParentSlug);
        Assert.Equal(tree.CountyHost, county.PrimaryHost);
        Assert.Equal(2, county.Hosts.Count);
        Assert.Equal(tree.Province, snapshot.FindBySlug(tree.City)!.ParentSlug);
        Assert.Equal([tree.City, tree.Province], snapshot.AncestorsOf(county).Select(s => s.Slug));
    }

    [Fact]
    public async Task Applying_the_same_recipe_twice_changes_nothing_the_second_time()
    {
        var (json, tree) = TestSites.TreeRecipe();
        var withUsers = json.TrimEnd().TrimEnd('}').TrimEnd().TrimEnd(']') + $$"""
            , { "name": "users", "users": [ { "userName": "editor-{{tree.Suffix}}", "displayName": "编辑",
                 "memberships": [ { "site": "{{tree.County}}", "role": "Editor" }, { "site": "{{tree.City}}", "role": "Supervisor" } ] } ] } ] }
            """;

        var first = await TestSites.ApplyAsync(Services, withUsers);
        var before = await SnapshotAsync(tree);
        var second = await TestSites.ApplyAsync(Services, withUsers);
        var after = await SnapshotAsync(tree);

        Assert.True(first.Changed);
        Assert.Equal([3, 1], first.Steps.Select(s => s.Created));
        Assert.False(second.Changed);
        Assert.Equal([3, 1], second.Steps.Select(s => s.Unchanged));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Changing_a_field_updates_only_that_site()
    {
        var (json, tree) = TestSites.TreeRecipe();
        await TestSites.ApplyAsync(Services, json);

        var renamed = json.Replace($"测试市{tree.Suffix}", $"新测试市{tree.Suffix}", StringComparison.Ordinal);
        var result = await TestSites.ApplyAsync(Services, renamed);

        Assert.Equal(new RecipeStepResult(1, "sites", 0, 1, 2), result.Steps.Single());
        Assert.Equal($"新测试市{tree.Suffix}", Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.City)!.Name);
    }

    [Fact]
    public async Task A_mistake_in_the_third_step_names_file_step_and_field_and_changes_nothing()
    {
        var s = TestSites.NewSuffix();
        var json = $$"""
            { "name": "broken", "steps": [
              { "name": "sites", "sites": [ { "slug": "p{{s}}", "name": "省", "level": "Province", "siteCode": "{{TestSites.NewSiteCode()}}", "organiser": "办公厅" } ] },
              { "name": "sites", "sites": [ { "slug": "c{{s}}", "parent": "p{{s}}", "name": "市", "level": "City", "siteCode": "{{TestSites.NewSiteCode()}}", "organiser": "办公室" } ] },
              { "name": "users", "users": [ { "userName": "u{{s}}", "memberships": [ { "site": "c{{s}}", "role": "Mayor" } ] } ] }
            ] }
            """;
        var sitesBefore = await CountAsync(db => db.Sites);

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, json, "recipes/broken.json"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("recipes/broken.json", 3, "users", "users[0].memberships[0].role"), (error.File, error.StepIndex, error.StepName, error.Field));
        Assert.Contains("recipes/broken.json: step 3 (users), field 'users[0].memberships[0].role'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(sitesBefore, await CountAsync(db => db.Sites));
        Assert.Null(Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug($"p{s}"));
    }

    [Fact]
    public async Task A_step_that_fails_while_applying_rolls_back_the_steps_before_it()
    {
        var (json, tree) = TestSites.TreeRecipe();
        var failing = json.TrimEnd().TrimEnd('}').TrimEnd().TrimEnd(']') + """, { "name": "test-fail" } ] }""";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, failing));

        Assert.Equal((2, "test-fail"), (ex.Errors[0].StepIndex, ex.Errors[0].StepName));
        Assert.Contains("simulated failure", ex.Message, StringComparison.Ordinal);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        Assert.False(await db.Sites.AnyAsync(x => x.Slug == tree.Province));
    }

    [Theory]
    [InlineData("""{ "slug": "SLUG{s}", "name": "n", "level": "Province", "siteCode": "{code}", "organiser": "o" }""", "sites[0].slug", "lower-case")]
    [InlineData("""{ "slug": "a{s}", "name": "n", "level": "Village", "siteCode": "{code}", "organiser": "o" }""", "sites[0].level", "one of Province, City, County, Department")]
    [InlineData("""{ "slug": "a{s}", "name": "n", "level": "Province", "siteCode": "12345", "organiser": "o" }""", "sites[0].siteCode", "10 digits")]
    [InlineData("""{ "slug": "a{s}", "name": "n", "level": "Province", "siteCode": "{code}", "organiser": "o", "colour": "red" }""", "sites[0].colour", "unknown field")]
    [InlineData("""{ "slug": "a{s}", "name": "n", "level": "City", "siteCode": "{code}", "organiser": "o" }""", "sites[0].level", "under a Province")]
    [InlineData("""{ "slug": "a{s}", "parent": "missing{s}", "name": "n", "level": "City", "siteCode": "{code}", "organiser": "o" }""", "sites[0].parent", "does not exist")]
    [InlineData("""{ "slug": "a{s}", "name": "n", "level": "Province", "siteCode": "{code}", "organiser": "o", "hosts": ["http://x.gov.cn"] }""", "sites[0].hosts[0]", "not a host name")]
    [InlineData("""{ "slug": "a{s}", "name": "", "level": "Province", "siteCode": "{code}" }""", "sites[0].organiser", "主办单位")]
    public async Task Invalid_sites_are_reported_with_their_field(string site, string field, string message)
    {
        var json = $$"""{ "steps": [ { "name": "sites", "sites": [ {{site.Replace("{s}", TestSites.NewSuffix(), StringComparison.Ordinal).Replace("{code}", TestSites.NewSiteCode(), StringComparison.Ordinal)}} ] } ] }""";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, json));

        Assert.Contains(ex.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal) && e.StepIndex == 1);
    }

    [Fact]
    public async Task A_host_or_site_code_of_another_site_is_refused()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        var code = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.City)!.SiteCode;
        var json = $$"""
            { "steps": [ { "name": "sites", "sites": [ { "slug": "q{{tree.Suffix}}", "name": "n", "level": "Province",
              "siteCode": "{{code}}", "organiser": "o", "hosts": [ "{{tree.CountyHost.ToUpperInvariant()}}" ] } ] } ] }
            """;

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, json));

        Assert.Contains(ex.Errors, e => e.Field == "sites[0].siteCode" && e.Message.Contains(tree.City, StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field == "sites[0].hosts[0]" && e.Message.Contains(tree.County, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_steps_and_broken_json_are_errors_not_silently_ignored()
    {
        var unknown = await Assert.ThrowsAsync<RecipeException>(() =>
            TestSites.ApplyAsync(Services, """{ "steps": [ { "name": "no-such-step" } ] }""", "x.json"));
        var broken = await Assert.ThrowsAsync<RecipeException>(() =>
            TestSites.ApplyAsync(Services, "{ \"steps\": [ { \"name\": \"sites\", }", "y.json"));

        Assert.Equal("name", unknown.Errors.Single().Field);
        Assert.Contains("known steps are calendar, catalogue, columns, content, content-types, interaction, monitoring, sites", unknown.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Contains("y.json: is not valid JSON (line 1)", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_get_memberships_on_the_sites_named()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        var json = $$"""
            { "steps": [ { "name": "users", "users": [ { "userName": "a{{tree.Suffix}}", "password": "Long-enough-passw0rd",
              "memberships": [ { "site": "{{tree.County}}", "role": "SiteAdmin" }, { "site": "{{tree.Province}}", "role": "ClusterAdmin" } ] } ] } ] }
            """;

        await TestSites.ApplyAsync(Services, json);

        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SiteUser>>();
        var user = await users.FindByNameAsync($"a{tree.Suffix}");
        Assert.NotNull(user);
        Assert.True(await users.CheckPasswordAsync(user, "Long-enough-passw0rd"));
        using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test");
        var roles = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Memberships
            .Where(m => m.UserId == user.Id).Select(m => m.Role).OrderBy(r => r).ToListAsync();
        Assert.Equal([SiteRole.ClusterAdmin, SiteRole.SiteAdmin], roles);
    }

    [Fact]
    public async Task Cluster_admin_only_on_a_root_site_and_weak_passwords_are_refused()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        var json = $$"""
            { "steps": [ { "name": "users", "users": [ { "userName": "b{{tree.Suffix}}", "password": "short",
              "memberships": [ { "site": "{{tree.County}}", "role": "ClusterAdmin" } ] } ] } ] }
            """;

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, json));

        Assert.Contains(ex.Errors, e => e.Field == "users[0].password");
        Assert.Contains(ex.Errors, e => e.Field == "users[0].memberships[0].role" && e.Message.Contains("root", StringComparison.Ordinal));
    }

    private async Task<string> SnapshotAsync(TestTree tree)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test");
        var slugs = new[] { tree.Province, tree.City, tree.County };
        var sites = await db.Sites.AsNoTracking().Include(s => s.Hosts).Where(s => slugs.Contains(s.Slug)).OrderBy(s => s.Slug).ToListAsync();
        var users = await db.Users.AsNoTracking().Where(u => u.UserName == $"editor-{tree.Suffix}").ToListAsync();
        var memberships = await db.Memberships.AsNoTracking().Where(m => users.Select(u => u.Id).Contains(m.UserId)).CountAsync();
        return string.Join('|', sites.Select(s => $"{s.Slug}:{s.Name}:{s.UpdatedAt:O}:{string.Join(',', s.Hosts.Select(h => h.Id).Order())}"))
            + $"|users:{string.Join(',', users.Select(u => u.ConcurrencyStamp))}|memberships:{memberships}";
    }

    private async Task<int> CountAsync<T>(Func<SiteClusterDbContext, IQueryable<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>()).CountAsync();
    }
}

public sealed class RecipeExecutorSqliteTests(SqliteFixture fixture) : RecipeExecutorTests(fixture), IClassFixture<SqliteFixture>;

public sealed class RecipeExecutorPostgresTests(PostgresFixture fixture) : RecipeExecutorTests(fixture), IClassFixture<PostgresFixture>;
