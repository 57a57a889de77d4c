using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Testing;
using SiteCluster.Web.Search;

namespace SiteCluster.Bench;

/// <summary>
/// Requests per second of one article page over real Kestrel on loopback, in the same run:
/// served from the page cache, rendered afresh every time (cache off, 100,000 items in the
/// site's database), and a raw Kestrel handler returning the same bytes, at N connections.
/// </summary>
public static class PublicPagesBench
{
    public static async Task RunAsync(int itemCount, int connections, int seconds, int warmUpSeconds, int rounds)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var cachedHost = new KestrelHost(database, cacheSeconds: 1800);
        var services = cachedHost.Services;
        var tree = await TestSites.CreateContentTreeAsync(services);
        var site = TestSites.Site(services, tree.County);

        var started = Stopwatch.GetTimestamp();
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "demo", "lincang-mzj-zwgk-fa.html"));
        var articleId = await SeedAsync(services, site, itemCount, body);
        var seeded = Stopwatch.GetElapsedTime(started);

        // The seeded items reach the search index through the outbox; index them now, so that the
        // background indexer does not share the machine with the measurements.
        started = Stopwatch.GetTimestamp();
        await SearchIndexerService.IndexPendingAsync(services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
        var indexed = Stopwatch.GetElapsedTime(started);

        await using var uncachedHost = new KestrelHost(database, cacheSeconds: 0);
        var path = $"s/{tree.County}/tzgg/{articleId:N}.html";
        var cachedUrl = new Uri(cachedHost.BaseAddress, path);
        var uncachedUrl = new Uri(uncachedHost.BaseAddress, path);

        using var probe = new HttpClient();
        var bytes = await probe.GetByteArrayAsync(cachedUrl);
        var rendered = await probe.GetByteArrayAsync(uncachedUrl);
        if (bytes.Length != rendered.Length)
        {
            throw new InvalidOperationException("The cached and the rendered page differ in size.");
        }

        await using var raw = await RawHost.StartAsync(bytes);
        var rawUrl = new Uri(raw.BaseAddress, "article.html");

        // Each load first runs unmeasured until the code it exercises is compiled at its final
        // tier (tiered compilation with dynamic PGO recompiles hot methods in the background for
        // several seconds under load): the figures are the steady state a busy site runs in.
        // Then the three loads take turns, round after round, and each is reported by its median
        // round: a burst from elsewhere on a shared machine moves one round, not the result.
        var duration = TimeSpan.FromSeconds(seconds);
        (string Name, Uri Url)[] loads =
        [
            ("raw Kestrel handler, same bytes", rawUrl),
            ("article from the page cache", cachedUrl),
            ("article rendered every time", uncachedUrl),
        ];
        foreach (var (name, url) in loads)
        {
            await Load.RunAsync(name, url, connections, TimeSpan.FromSeconds(warmUpSeconds));
        }

        var measured = loads.Select(_ => new List<Load.Result>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < loads.Length; i++)
            {
                measured[i].Add(await Load.RunAsync(loads[i].Name, loads[i].Url, connections, duration, warmUp: TimeSpan.FromSeconds(1)));
            }
        }

        var medians = measured.Select(results => results.OrderBy(r => r.RequestsPerSecond).ElementAt(results.Count / 2)).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"public-pages: article of {bytes.Length / 1024.0:0.0} KB, {itemCount} items in the site, SQLite, Kestrel on loopback, {connections} connections, {warmUpSeconds} s warm-up each, then {rounds} rounds of {seconds} s each in turn, median round shown; {Environment.ProcessorCount} cores; load generator in the same process"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeding {itemCount} items: {seeded.TotalSeconds:0.0} s; indexing them for search: {indexed.TotalSeconds:0.0} s"));
        Console.WriteLine(Load.Header);
        foreach (var result in medians)
        {
            Console.WriteLine(result.Row(medians[0].RequestsPerSecond));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests/s by round: {string.Join("; ", measured.Select((results, i) => $"{loads[i].Name}: {string.Join(", ", results.Select(r => r.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)))}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"KB allocated per request by round: {string.Join("; ", measured.Select((results, i) => $"{loads[i].Name}: {string.Join(", ", results.Select(r => r.KilobytesAllocatedPerRequest.ToString("0.0", CultureInfo.InvariantCulture)))}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"methods JIT-compiled (JIT seconds) by round: {string.Join("; ", measured.Select((results, i) => $"{loads[i].Name}: {string.Join(", ", results.Select(r => $"{r.MethodsJitted} ({r.JitSeconds:0.00})"))}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU µs/request by round: {string.Join("; ", measured.Select((results, i) => $"{loads[i].Name}: {string.Join(", ", results.Select(r => r.CpuMicrosecondsPerRequest.ToString("0", CultureInfo.InvariantCulture)))}"))}"));
    }

    /// <summary>Inserts published notices straight into the site's table (with their audit entries), in batches; returns the one the benchmark reads.</summary>
    private static async Task<Guid> SeedAsync(IServiceProvider services, Core.Tenancy.SiteInfo site, int count, string body)
    {
        Guid article = Guid.Empty;
        const int batch = 5000;
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = TestSites.ScopeFor(services, site);
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var notices = await db.Columns.Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
            var now = DateTimeOffset.UtcNow;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var item = new ContentItem
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = site.Id,
                    ColumnId = notices,
                    ContentType = "Notice",
                    Status = ContentStatus.Published,
                    Title = $"关于做好第{i}批民政政务公开工作的通知",
                    Body = i == count / 2 ? body : $"<p>第{i}号通知正文。</p>",
                    Publisher = "测试县人民政府办公室",
                    IndexNumber = $"BENCH-{i:D7}",
                    PublishedAt = now.AddMinutes(-i),
                    CurrentVersion = 1,
                    PublishedVersion = 1,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                if (i == count / 2)
                {
                    article = item.Id;
                }

                db.ContentItems.Add(item);
            }

            await db.SaveChangesAsync();
        }

        return article;
    }

    /// <summary>The SiteCluster web host on a Kestrel port of its own.</summary>
    private sealed class KestrelHost : WebApplicationFactory<Program>
    {
        private readonly TestDatabase _database;
        private readonly int _cacheSeconds;

        public KestrelHost(TestDatabase database, int cacheSeconds)
        {
            _database = database;
            _cacheSeconds = cacheSeconds;
            UseKestrel(0);
            StartServer();
        }

        public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSolutionRelativeContentRoot("src/SiteCluster.Web");
            var settings = _database.Settings();
            settings["SiteCluster:Demo:ApplyOnEmptyDatabase"] = "false";

            // Pooled connections, as in production (the test database turns pooling off so its files can be deleted).
            settings["SiteCluster:Database:ConnectionString"] = $"Data Source={Path.Combine(_database.DataDirectory, "sitecluster.db")}";
            settings["SiteCluster:Public:CacheSeconds"] = _cacheSeconds.ToString(CultureInfo.InvariantCulture);

            // Each host has data (search index, keys) of its own beside the shared database, as two nodes would.
            settings["SiteCluster:DataDirectory"] = Path.Combine(_database.DataDirectory, $"node-{_cacheSeconds}");
            settings["Serilog:MinimumLevel:Default"] = "Warning";
            settings["Serilog:MinimumLevel:Override:Microsoft"] = "Warning";
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    /// <summary>The floor: Kestrel answering with fixed bytes and nothing else.</summary>
    private sealed class RawHost(WebApplication app, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public static async Task<RawHost> StartAsync(byte[] page)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/article.html", () => Results.Bytes(page, "text/html; charset=utf-8"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new RawHost(app, new Uri(address + "/"));
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
