using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SiteCluster.Core;
using SiteCluster.Core.SiteMigration;
using SiteCluster.Testing;

namespace SiteCluster.Bench;

/// <summary>
/// Migrating a county-sized old website: a generated site of <c>pages</c> pages (home, column
/// lists, articles with images and attachments, all in GBK) in a temp folder, imported from the
/// folder into a fresh county site of a fresh SQLite database, as <c>sitecluster migrate</c> does.
/// </summary>
public static class MigrateBench
{
    public static async Task RunAsync(int pages)
    {
        var folder = Directory.CreateTempSubdirectory("sitecluster-bench-legacy-").FullName;
        var generating = Stopwatch.GetTimestamp();
        var site = LegacySiteGenerator.Generate(folder, pages, columnCount: 8, perPage: 20, withProblems: false);
        var generated = Stopwatch.GetElapsedTime(generating);

        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = database.Settings();

        // Pooled connections, as in production (the test databases turn pooling off).
        settings["SiteCluster:Database:ConnectionString"] = $"Data Source={Path.Combine(database.DataDirectory, "sitecluster.db")}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddSiteClusterCore(builder.Configuration, database.DataDirectory);
        using var host = builder.Build();
        await host.Services.InitializeSiteClusterAsync();
        var tree = await TestSites.CreateContentTreeAsync(host.Services);
        var county = TestSites.Site(host.Services, tree.County);

        var importer = host.Services.GetRequiredService<SiteMigrationImporter>();
        var state = Path.Combine(database.DataDirectory, "migration");
        var started = Stopwatch.GetTimestamp();
        var report = await importer.RunAsync(county, new MigrationRequest(folder, state));
        var total = Stopwatch.GetElapsedTime(started);

        var again = Stopwatch.GetTimestamp();
        var second = await importer.RunAsync(county, new MigrationRequest(folder, state));
        var rerun = Stopwatch.GetElapsedTime(again);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"migrate: generated old site of {site.Pages} pages ({site.Articles.Count} articles, {site.Columns.Count} columns, GBK) in {generated.TotalSeconds:0.0} s; SQLite, in-process, {Environment.ProcessorCount} cores"));
        Console.WriteLine("| run | pages read | articles imported | updated | unchanged | failed | files copied | redirects | seconds | pages/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, r, time) in new[] { ("first", report, total), ("second (nothing changed)", second, rerun) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Pages.Seen} | {r.Articles.Imported} | {r.Articles.Updated} | {r.Articles.Unchanged} | {r.Articles.Failed} | {r.Attachments.Copied + r.Images.Copied} | {r.Redirects.Created} created, {r.Redirects.Unchanged} unchanged | {time.TotalSeconds:0.0} | {r.Pages.Seen / time.TotalSeconds:0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target: {pages} pages in under 180 s: {(total.TotalSeconds < 180 ? "met" : "NOT met")} ({total.TotalSeconds:0.0} s)"));
        Directory.Delete(folder, recursive: true);
    }
}
