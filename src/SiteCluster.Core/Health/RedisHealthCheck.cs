using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SiteCluster.Core.Health;

/// <summary>Pings Redis; degraded (not unhealthy) when it is gone, because nodes keep serving from local caches.</summary>
internal sealed class RedisHealthCheck(string configuration) : IHealthCheck, IDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync();
            var latency = await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not reachable", ex);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _connectLock.WaitAsync();
        try
        {
            var options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
            _connection ??= await ConnectionMultiplexer.ConnectAsync(options);
            return _connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connectLock.Dispose();
    }
}
