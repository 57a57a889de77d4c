using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Bench;

/// <summary>
/// Pushing one provincial policy to every site below in a province-sized cluster: the time of
/// <see cref="RepostService.PushAsync"/> (validation, one row per site, audit, eviction), and
/// what it stores per site.
/// </summary>
public static class RepostBench
{
    public static async Task RunAsync(int siteCount, int pushes)
    {
        await using var host = await CoreHost.StartAsync(DatabaseProvider.Sqlite);
        var services = host.Services;

        var tree = BenchClusters.Generate(siteCount);
        var started = Stopwatch.GetTimestamp();
        await TestSites.ApplyAsync(services, new JsonObject
        {
            ["steps"] = new JsonArray(
                new JsonObject { ["name"] = "sites", ["sites"] = new JsonArray(tree.Site) },
                new JsonObject { ["name"] = "content-types", ["file"] = "content-types/standard.json" },
                new JsonObject { ["name"] = "catalogue", ["file"] = "catalogue/standard.json" },
                new JsonObject { ["name"] = "columns", ["sites"] = new JsonArray([.. tree.Slugs.Select(slug => (JsonNode)slug)]) }),
        }.ToJsonString());
        var seeded = Stopwatch.GetElapsedTime(started);

        var editor = new ContentActor("user:bench-editor", new HashSet<SiteRole> { SiteRole.Editor });
        var reviewer = new ContentActor("user:bench-reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });
        var site = TestSites.Site(services, "bench");
        var times = new List<double>();
        var created = 0;
        for (var i = 0; i < pushes; i++)
        {
            Guid item;
            await using (var scope = TestSites.ScopeFor(services, site))
            {
                var content = scope.ServiceProvider.GetRequiredService<ContentService>();
                var notices = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
                item = (await content.CreateAsync(editor, "Notice", new ContentDraft { ColumnId = notices, Title = $"关于第{i}项政策的通知", Body = "<p>正文。</p>", Publisher = "基准省人民政府办公厅" })).Id;
                await content.SubmitAsync(editor, item);
                await content.ApproveAsync(reviewer, item);
            }

            await using (var scope = TestSites.ScopeFor(services, site))
            {
                var push = Stopwatch.GetTimestamp();
                var result = await scope.ServiceProvider.GetRequiredService<RepostService>().PushAsync(editor, item, new PushTargets(AllBelow: true), "02", hold: false);
                times.Add(Stopwatch.GetElapsedTime(push).TotalMilliseconds);
                created = result.Created;
            }
        }

        long itemsAfter;
        await using (var scope = services.CreateAsyncScope())
        {
            using var cluster = scope.ServiceProvider.GetRequiredService<SiteCluster.Core.Tenancy.IClusterScope>().Open("benchmark count");
            itemsAfter = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems.LongCountAsync();
        }

        Console.WriteLine($"reposts: {siteCount} sites (1 province, {tree.Cities} cities, {tree.Counties} counties, each with its catalogue columns), SQLite, in-process, {Environment.ProcessorCount} cores");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setting up the sites, their catalogue and columns: {seeded.TotalSeconds:0.0} s"));
        Console.WriteLine("| push | sites reached | ms |");
        Console.WriteLine("|---|---|---|");
        for (var i = 0; i < times.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {created} | {times[i]:0} |"));
        }

        Console.WriteLine($"content items in the whole database after {pushes} pushes: {itemsAfter} (the pushed items only: nothing is copied per site)");
    }
}
