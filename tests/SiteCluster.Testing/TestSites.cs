using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Testing;

/// <summary>A province, city and county created for one test, with names no other test uses.</summary>
public sealed record TestTree(string Province, string City, string County, string ProvinceHost, string CityHost, string CountyHost)
{
    public string Suffix => Province[1..];
}

/// <summary>Creates sites for a test through the real recipe executor.</summary>
public static class TestSites
{
    /// <summary>A random 10-digit site code no other test will draw in practice.</summary>
    public static string NewSiteCode() => $"9{Random.Shared.NextInt64(0, 999_999_999):D9}";

    public static string NewSuffix() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>The JSON of a recipe whose one <c>sites</c> step declares a province → city → county tree.</summary>
    public static (string Json, TestTree Tree) TreeRecipe(string? countyStatus = null)
    {
        var s = NewSuffix();
        var tree = new TestTree($"p{s}", $"c{s}", $"x{s}", $"www.p{s}.gov.cn", $"www.c{s}.gov.cn", $"www.x{s}.gov.cn");
        var county = new JsonObject
        {
            ["slug"] = tree.County,
            ["name"] = $"测试县{s}",
            ["level"] = "County",
            ["siteCode"] = NewSiteCode(),
            ["organiser"] = "测试县人民政府办公室",
            ["hosts"] = new JsonArray(tree.CountyHost, $"old.x{s}.gov.cn"),
        };
        if (countyStatus is not null)
        {
            county["status"] = countyStatus;
        }

        var recipe = new JsonObject
        {
            ["name"] = $"test-tree-{s}",
            ["steps"] = new JsonArray(new JsonObject
            {
                ["name"] = "sites",
                ["sites"] = new JsonArray(new JsonObject
                {
                    ["slug"] = tree.Province,
                    ["name"] = $"测试省{s}",
                    ["level"] = "Province",
                    ["siteCode"] = NewSiteCode(),
                    ["organiser"] = "测试省人民政府办公厅",
                    ["hosts"] = new JsonArray(tree.ProvinceHost),
                    ["icpNumber"] = "测ICP备00000001号",
                    ["publicSecurityNumber"] = "测公网安备 99000002000001号",
                    ["children"] = new JsonArray(new JsonObject
                    {
                        ["slug"] = tree.City,
                        ["name"] = $"测试市{s}",
                        ["level"] = "City",
                        ["siteCode"] = NewSiteCode(),
                        ["organiser"] = "测试市人民政府办公室",
                        ["hosts"] = new JsonArray(tree.CityHost),
                        ["children"] = new JsonArray(county),
                    }),
                }),
            }),
        };
        return (recipe.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), tree);
    }

    /// <summary>Applies a fresh tree through <see cref="RecipeExecutor"/> and returns its names.</summary>
    public static async Task<TestTree> CreateTreeAsync(IServiceProvider services, string? countyStatus = null)
    {
        var (json, tree) = TreeRecipe(countyStatus);
        await ApplyAsync(services, json);
        return tree;
    }

    /// <summary>
    /// A fresh tree whose sites have the standard content types and their catalogue columns
    /// (the county also gets a local column 乡镇动态 under 工作动态), and the cluster the working-day
    /// calendar, as the demo recipe gives them.
    /// </summary>
    public static async Task<TestTree> CreateContentTreeAsync(IServiceProvider services)
    {
        var (json, tree) = TreeRecipe();
        var recipe = JsonNode.Parse(json)!.AsObject();
        var steps = recipe["steps"]!.AsArray();
        steps.Add(new JsonObject { ["name"] = "content-types", ["file"] = "content-types/standard.json" });
        steps.Add(new JsonObject { ["name"] = "catalogue", ["file"] = "catalogue/standard.json" });
        steps.Add(new JsonObject { ["name"] = "calendar", ["file"] = "calendar/china.json" });
        steps.Add(new JsonObject
        {
            ["name"] = "columns",
            ["sites"] = new JsonArray(tree.Province, tree.City, tree.County),
            ["local"] = new JsonArray(new JsonObject { ["site"] = tree.County, ["parent"] = "05", ["name"] = "乡镇动态", ["slug"] = "xzdt" }),
        });
        await ApplyAsync(services, recipe.ToJsonString(), Path.Combine(AppContext.BaseDirectory, "recipes", "test-content-tree.json"));
        return tree;
    }

    /// <summary>The registry's view of a site created by a recipe.</summary>
    public static SiteInfo Site(IServiceProvider services, string slug) =>
        services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(slug)
        ?? throw new InvalidOperationException($"No site '{slug}'.");

    /// <summary>A DI scope working for <paramref name="site"/>, as a request to that site would.</summary>
    public static AsyncServiceScope ScopeFor(IServiceProvider services, SiteInfo site)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSite(site);
        return scope;
    }

    /// <summary>Creates an account with no membership through the <c>users</c> step; returns its id.</summary>
    public static async Task<Guid> CreateUserAsync(IServiceProvider services)
    {
        var userName = $"u{NewSuffix()}";
        await ApplyAsync(services, $$"""{ "steps": [ { "name": "users", "users": [ { "userName": "{{userName}}" } ] } ] }""");
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<SiteUser>>().FindByNameAsync(userName);
        return user!.Id;
    }

    /// <summary>
    /// Creates an account with <paramref name="roles"/> on site <paramref name="slug"/> through the
    /// <c>users</c> step, and gives it <paramref name="password"/>; returns its user name.
    /// </summary>
    public static async Task<string> CreateUserAsync(IServiceProvider services, string slug, string password, params SiteRole[] roles)
    {
        var userName = $"u{NewSuffix()}";
        var memberships = string.Join(", ", roles.Select(r => $$"""{ "site": "{{slug}}", "role": "{{r}}" }"""));
        await ApplyAsync(services, $$"""{ "steps": [ { "name": "users", "users": [ { "userName": "{{userName}}", "memberships": [ {{memberships}} ] } ] } ] }""");
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SiteUser>>();
        var result = await users.AddPasswordAsync((await users.FindByNameAsync(userName))!, password);
        return result.Succeeded ? userName : throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public static async Task<RecipeResult> ApplyAsync(IServiceProvider services, string json, string source = "test-recipe.json")
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(source, json);
    }
}
