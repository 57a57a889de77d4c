using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SiteCluster.Core;

namespace SiteCluster.Testing;

/// <summary>The Core services (no web) on a fresh test database, migrated and ready.</summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CoreHost(IHost host, TestDatabase database)
    {
        _host = host;
        Database = database;
    }

    public TestDatabase Database { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<CoreHost> StartAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database.Settings());
        builder.Services.AddLogging();
        builder.Services.AddSiteClusterCore(builder.Configuration, database.DataDirectory);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.InitializeSiteClusterAsync();
        return new CoreHost(host, database);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Database.DisposeAsync();
    }
}
