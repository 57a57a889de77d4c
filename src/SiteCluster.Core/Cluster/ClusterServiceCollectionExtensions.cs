using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SiteCluster.Core.Media;

namespace SiteCluster.Core.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// What several nodes share, chosen by the settings: with <c>SiteCluster:Redis:Configuration</c>
    /// data-protection keys, the distributed cache, change announcements and job locks live in
    /// Redis; without it, in the data folder and in this process. With
    /// <c>SiteCluster:Media:AzureBlob:ConnectionString</c> media go to blob storage, otherwise to
    /// the data folder.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, SiteClusterOptions options, SiteClusterPaths paths)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("SiteCluster");
        services.AddSingleton<ClusterJobs>();
        services.AddSingleton<RemoteChangeApplier>();

        if (options.Redis.IsConfigured)
        {
            services.AddSingleton(sp => new RedisConnection(options.Redis, sp.GetService<ILogger<RedisConnection>>() ?? NullLogger<RedisConnection>.Instance));

            // Keys made on one node unprotect on every other: a login or a form from node A is valid on node B.
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) =>
            {
                var redis = sp.GetRequiredService<RedisConnection>();
                keys.XmlRepository = new RedisXmlRepository(
                    () => redis.Multiplexer.GetDatabase(), redis.Prefix + "data-protection-keys");
            });
            services.AddStackExchangeRedisCache(cache => cache.InstanceName = options.Redis.KeyPrefix + "cache:");
            services.AddOptions<RedisCacheOptions>()
                .Configure<IServiceProvider>((cache, sp) =>
                {
                    var redis = sp.GetRequiredService<RedisConnection>();
                    cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer);
                });
            services.AddSingleton<RedisClusterBus>();
            services.AddSingleton<IClusterBus>(sp => sp.GetRequiredService<RedisClusterBus>());
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisClusterBus>());
            services.AddSingleton<IClusterLocks, RedisClusterLocks>();

            // First of all hosted services: ASP.NET Core's own data-protection service loads the key
            // ring at start (making a key when there is none) and must find the one made under the lock.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DataProtectionKeyWarmup>());
        }
        else
        {
            // Antiforgery and login cookies outlive restarts.
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.DataDirectory, "keys")));
            services.AddDistributedMemoryCache();
            services.AddSingleton<IClusterBus, LocalClusterBus>();
            services.AddSingleton<IClusterLocks, LocalClusterLocks>();
        }

        if (options.Media.AzureBlob.IsConfigured)
        {
            services.AddSingleton<IMediaStore>(_ => new AzureBlobMediaStore(options.Media.AzureBlob));
        }
        else
        {
            services.AddSingleton<IMediaStore, FileSystemMediaStore>();
        }

        return services;
    }
}
