using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SiteCluster.Core;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>
/// The real host on a fresh database of its own. Tests share one per class and create the
/// sites they change through recipes, so they can run in parallel.
/// </summary>
public class SiteClusterWebFactory(DatabaseProvider provider, bool demo, Dictionary<string, string?>? extraSettings = null)
    : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public DatabaseProvider Provider => provider;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The factory has not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _ = Services; // start the host now, so that start-up failures surface here
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = Database.Settings();
        settings["SiteCluster:Demo:ApplyOnEmptyDatabase"] = demo ? "true" : "false";
        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that does not follow redirects, so tests see what a browser is told.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteDemoFactory() : SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: true);

public sealed class PostgresDemoFactory() : SiteClusterWebFactory(DatabaseProvider.PostgreSql, demo: true);

public sealed class ReachableServicesFactory() : SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: false, new()
{
    ["SiteCluster:Redis:Configuration"] = TestServices.Redis,
    ["SiteCluster:Media:AzureBlob:ConnectionString"] = TestServices.Azurite,
});

public sealed class UnreachableServicesFactory() : SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: false, new()
{
    // Port 9 (discard) on loopback: nothing listens there in the test run.
    ["SiteCluster:Redis:Configuration"] = "127.0.0.1:9,connectTimeout=500",
    ["SiteCluster:Media:AzureBlob:ConnectionString"] =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
});
