using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using SiteCluster.Core;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Bench;

/// <summary>
/// The provincial office's admin with a province-sized cluster: creates the sites through one
/// <c>sites</c> recipe, then times the sites page (first page, a deep page, a search), the
/// site switcher and a county's dashboard, in-process on SQLite.
/// </summary>
public static partial class AdminSitesBench
{
    private const string Password = "Bench-password-2026";

    public static async Task RunAsync(int siteCount, int requests)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new BenchFactory(database);
        var services = factory.Services;

        var tree = BenchClusters.Generate(siteCount);
        var recipe = new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["name"] = "sites", ["sites"] = new JsonArray(tree.Site) }) };
        var started = Stopwatch.GetTimestamp();
        await TestSites.ApplyAsync(services, recipe.ToJsonString());
        var seeded = Stopwatch.GetElapsedTime(started);

        var admin = await TestSites.CreateUserAsync(services, "bench", Password, SiteRole.ClusterAdmin);
        // The admin answers on the provincial portal when no admin host is set.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://www.bench.gov.cn") });
        var login = await client.GetStringAsync("/admin/login");
        var token = TokenRegex().Match(login).Groups[1].Value;
        var signedIn = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = admin,
            ["password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {signedIn.StatusCode}");
        }

        async Task Get(string url)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{url} answered {response.StatusCode}");
            }

            await response.Content.ReadAsByteArrayAsync();
        }

        var county = BenchClusters.MiddleCounty(tree);
        var figures = new[]
        {
            await Measure.LatencyAsync("sites page 1", requests, () => Get("/admin/_cluster/sites")),
            await Measure.LatencyAsync("sites page 40", requests, () => Get("/admin/_cluster/sites?page=40")),
            await Measure.LatencyAsync("sites search (县, many matches)", requests, () => Get("/admin/_cluster/sites?q=%E5%8E%BF")),
            await Measure.LatencyAsync("sites search (one site)", requests, () => Get($"/admin/_cluster/sites?q={county}")),
            await Measure.LatencyAsync("site switcher", requests, () => Get("/admin")),
            await Measure.LatencyAsync("a county's dashboard", requests, () => Get($"/admin/{county}")),
        };

        Console.WriteLine($"admin-sites: {siteCount} sites (1 province, {tree.Cities} cities, {tree.Counties} counties), SQLite, in-process host, {Environment.ProcessorCount} cores");
        Console.WriteLine($"creating the sites through one recipe: {seeded.TotalSeconds:0.0} s");
        Console.WriteLine(Measure.Header);
        foreach (var figure in figures)
        {
            Console.WriteLine(figure);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    private sealed class BenchFactory(TestDatabase database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSolutionRelativeContentRoot("src/SiteCluster.Web");
            var settings = database.Settings();
            settings["SiteCluster:Demo:ApplyOnEmptyDatabase"] = "false";

            // The benchmark signs in with a password only; two-factor sign-in is measured by tests, not here.
            settings["SiteCluster:Admin:RequireTwoFactorForClusterAdmin"] = "false";
            settings["Serilog:MinimumLevel:Default"] = "Warning";
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
