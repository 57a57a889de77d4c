using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>
/// The standard catalogue as recipe data: sites get exactly their level's mandatory columns,
/// and an upgrade reaches every site without losing a column.
/// </summary>
public abstract class CatalogueTests(DatabaseFixture fixture)
{
    private static readonly string StandardFile = Path.Combine(AppContext.BaseDirectory, "recipes", "catalogue", "standard.json");

    private IServiceProvider Services => fixture.Services;

    [Theory]
    [InlineData(SiteLevel.County)]
    [InlineData(SiteLevel.City)]
    [InlineData(SiteLevel.Province)]
    public async Task A_new_site_created_by_recipe_has_exactly_the_mandatory_columns_for_its_level(SiteLevel level)
    {
        await InstallAsync(StandardFile);
        var tree = await CreateTreeWithColumnsAsync();

        var slug = level switch { SiteLevel.County => tree.County, SiteLevel.City => tree.City, _ => tree.Province };
        var codes = (await ColumnsOfAsync(slug)).Where(c => !c.IsLocal).Select(c => c.CatalogueCode).ToHashSet();

        Assert.Equal(MandatoryCodes(await File.ReadAllTextAsync(StandardFile), level), codes);
    }

    [Fact]
    public async Task Columns_form_the_catalogue_tree_and_local_columns_sit_under_them()
    {
        await InstallAsync(StandardFile);
        var tree = await CreateTreeWithColumnsAsync();

        var columns = await ColumnsOfAsync(tree.County);

        var policy = Assert.Single(columns, c => c.CatalogueCode == "02");
        Assert.Equal(("上级文件", policy.Id), columns.Where(c => c.CatalogueCode == "0202").Select(c => (c.Name, c.ParentId!.Value)).Single());
        var news = Assert.Single(columns, c => c.CatalogueCode == "05");
        var local = Assert.Single(columns, c => c.IsLocal);
        Assert.Equal(("乡镇动态", news.Id), (local.Name, local.ParentId!.Value));
    }

    [Fact]
    public async Task An_upgrade_is_shown_by_diff_first_then_reaches_every_site_and_keeps_every_column_and_its_content()
    {
        await InstallAsync(StandardFile);
        var tree = await CreateTreeWithColumnsAsync();
        await TestSites.ApplyAsync(Services, $$"""
            { "steps": [ { "name": "content-types", "file": "content-types/standard.json" }, { "name": "content", "items": [
                { "site": "{{tree.County}}", "key": "jyta-1", "column": "12", "type": "Article", "title": "对县人大代表第12号建议的答复",
                  "body": "<p>答复正文</p>", "publishedAt": "2026-05-01T09:00:00+08:00" } ] } ] }
            """);
        var before = await ColumnsOfAsync(tree.County);
        var upgraded = await WriteUpgradeAsync();
        var countySites = await SitesAtAsync(SiteLevel.Province, SiteLevel.City, SiteLevel.County);

        IReadOnlyList<CatalogueChange> diff;
        await using (var scope = Services.CreateAsyncScope())
        {
            using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test");
            var (definition, errors) = CatalogueReader.Read(await File.ReadAllTextAsync(upgraded));
            Assert.Empty(errors);
            diff = await scope.ServiceProvider.GetRequiredService<CatalogueService>().DiffAsync(definition!);
        }

        Assert.Equal(before.Count, (await ColumnsOfAsync(tree.County)).Count);
        var added = Assert.Single(diff, c => c.Kind == CatalogueChangeKind.Added);
        Assert.Equal(("13", "数据开放"), (added.Code, added.Name));
        Assert.Equal(await SitesAtAsync(Enum.GetValues<SiteLevel>()), added.ColumnsAffected);
        Assert.Contains(diff, c => c is { Kind: CatalogueChangeKind.Renamed, Code: "0101", Name: "领导之窗" });
        var removed = Assert.Single(diff, c => c.Kind == CatalogueChangeKind.Removed);
        Assert.Equal(("12", countySites), (removed.Code, removed.ColumnsAffected));

        await InstallAsync(upgraded);

        var after = await ColumnsOfAsync(tree.County);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.All(before, old => Assert.Contains(after, c => c.Id == old.Id));
        Assert.Equal("领导之窗", after.Single(c => c.CatalogueCode == "0101").Name);
        var kept = after.Single(c => c.CatalogueCode == "12");
        Assert.True(kept.CatalogueRemoved);
        Assert.Equal(["对县人大代表第12号建议的答复"], await PublicTitlesInAsync(tree.County, kept.Id));
        Assert.Null(after.Single(c => c.CatalogueCode == "13").ParentId);
        Assert.All(after.Where(c => c.CatalogueCode is not "12"), c => Assert.False(c.CatalogueRemoved));
        Assert.Equal(await SitesAtAsync(Enum.GetValues<SiteLevel>()), await CountColumnsAsync("13"));

        var again = await InstallAsync(upgraded);
        Assert.False(again.Changed);
    }

    [Fact]
    public async Task A_broken_catalogue_names_the_step_and_the_field_inside_the_file()
    {
        var file = Path.Combine(fixture.Host.Database.DataDirectory, $"broken-{Guid.NewGuid():N}.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(StandardFile))!;
        json["nodes"]![1]!["children"]![0]!["mandatoryFor"] = new JsonArray("Province", "Village");
        await File.WriteAllTextAsync(file, json.ToJsonString());
        var recipe = $$"""{ "steps": [ { "name": "users", "users": [ { "userName": "z{{TestSites.NewSuffix()}}" } ] }, { "name": "catalogue", "file": "{{file}}" } ] }""";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, recipe, "cat.json"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((2, "catalogue", "file"), (error.StepIndex, error.StepName, error.Field));
        Assert.Contains("nodes[1].children[0].mandatoryFor[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_columns_step_naming_an_unknown_node_or_site_is_refused()
    {
        await InstallAsync(StandardFile);
        var recipe = """{ "steps": [ { "name": "columns", "sites": ["no-such-site"], "include": ["99"] } ] }""";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => TestSites.ApplyAsync(Services, recipe));

        Assert.Contains(ex.Errors, e => e.Field == "sites[0]");
        Assert.Contains(ex.Errors, e => e.Field == "include[0]");
    }

    private async Task<RecipeResult> InstallAsync(string file) =>
        await TestSites.ApplyAsync(Services, $$"""{ "steps": [ { "name": "catalogue", "file": "{{file}}" } ] }""");

    private async Task<TestTree> CreateTreeWithColumnsAsync()
    {
        var (json, tree) = TestSites.TreeRecipe();
        var withColumns = json.TrimEnd().TrimEnd('}').TrimEnd().TrimEnd(']') + $$"""
            , { "name": "columns", "sites": ["{{tree.Province}}", "{{tree.City}}", "{{tree.County}}"],
                "local": [ { "site": "{{tree.County}}", "parent": "05", "name": "乡镇动态", "slug": "xzdt" } ] } ] }
            """;
        await TestSites.ApplyAsync(Services, withColumns);
        return tree;
    }

    private async Task<string> WriteUpgradeAsync()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(StandardFile))!;
        json["version"] = "2027.1";
        var nodes = json["nodes"]!.AsArray();
        nodes[0]!["children"]![0]!["name"] = "领导之窗";
        nodes.Remove(nodes.Single(n => (string?)n!["code"] == "12"));
        nodes.Add(new JsonObject
        {
            ["code"] = "13",
            ["name"] = "数据开放",
            ["slug"] = "sjkf",
            ["contentTypes"] = new JsonArray("Link"),
            ["updateClass"] = "NoticePolicy",
            ["mandatoryFor"] = new JsonArray("Province", "City", "County", "Department"),
        });
        var file = Path.Combine(fixture.Host.Database.DataDirectory, $"upgrade-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());
        return file;
    }

    private static HashSet<string?> MandatoryCodes(string json, SiteLevel level)
    {
        var codes = new HashSet<string?>();
        void Walk(JsonArray? nodes)
        {
            foreach (var node in nodes ?? [])
            {
                if (node!["mandatoryFor"]!.AsArray().Any(l => (string?)l == level.ToString()))
                {
                    codes.Add((string?)node["code"]);
                }

                Walk(node["children"]?.AsArray());
            }
        }

        Walk(JsonNode.Parse(json)!["nodes"]!.AsArray());
        return codes;
    }

    private async Task<List<Column>> ColumnsOfAsync(string slug)
    {
        var site = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(slug)!;
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSite(site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.AsNoTracking().ToListAsync();
    }

    private async Task<List<string>> PublicTitlesInAsync(string slug, Guid columnId)
    {
        var site = Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(slug)!;
        await using var scope = TestSites.ScopeFor(Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems
            .WherePublic(site).Where(i => i.ColumnId == columnId).Select(i => i.Title).ToListAsync();
    }

    private async Task<int> SitesAtAsync(params SiteLevel[] levels)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Sites.CountAsync(s => levels.Contains(s.Level));
    }

    private async Task<int> CountColumnsAsync(string code)
    {
        await using var scope = Services.CreateAsyncScope();
        using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test");
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.CountAsync(c => c.CatalogueCode == code);
    }
}

public sealed class CatalogueSqliteTests(SqliteFixture fixture) : CatalogueTests(fixture), IClassFixture<SqliteFixture>;

public sealed class CataloguePostgresTests(PostgresFixture fixture) : CatalogueTests(fixture), IClassFixture<PostgresFixture>;
