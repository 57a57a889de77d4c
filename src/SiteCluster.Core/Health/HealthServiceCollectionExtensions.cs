using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Data;

namespace SiteCluster.Core.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>Tag of the checks behind <c>/readyz</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Readiness checks: the database always; Redis and blob storage when configured.</summary>
    public static IServiceCollection AddSiteClusterHealth(this IServiceCollection services, SiteClusterOptions options)
    {
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<SiteClusterDbContext>("database", HealthStatus.Unhealthy, [ReadyTag]);

        if (!string.IsNullOrWhiteSpace(options.Redis.Configuration))
        {
            checks.Add(new HealthCheckRegistration("redis", sp => new RedisHealthCheck(sp.GetRequiredService<RedisConnection>()), HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(5)));
        }

        if (!string.IsNullOrWhiteSpace(options.Media.AzureBlob.ConnectionString))
        {
            var blob = new BlobStorageHealthCheck(options.Media.AzureBlob.ConnectionString);
            checks.Add(new HealthCheckRegistration("blob-storage", _ => blob, HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5)));
        }

        return services;
    }
}
