using Microsoft.Extensions.Diagnostics.HealthChecks;
using SiteCluster.Core.Cluster;
using StackExchange.Redis;

namespace SiteCluster.Core.Health;

/// <summary>
/// Pings Redis over the node's own connection (the one its keys, announcements and locks use);
/// degraded (not unhealthy) when it is gone, because nodes keep serving from local caches.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!redis.IsConnected)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not reachable");
            }

            var latency = await redis.Multiplexer.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not reachable", ex);
        }
    }
}
