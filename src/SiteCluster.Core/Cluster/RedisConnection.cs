using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SiteCluster.Core.Cluster;

/// <summary>
/// The node's one connection to Redis, opened on first use. It never fails to open: while Redis
/// is gone it reconnects in the background, and callers check <see cref="IsConnected"/> rather
/// than wait for a command to time out.
/// </summary>
public sealed class RedisConnection(RedisOptions options, ILogger<RedisConnection> logger) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() => Open(options, logger));

    /// <summary>Prefix of every key and channel this cluster uses (<c>SiteCluster:Redis:KeyPrefix</c>).</summary>
    public string Prefix { get; } = options.KeyPrefix;

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public bool IsConnected => Multiplexer.IsConnected;

    private static ConnectionMultiplexer Open(RedisOptions options, ILogger logger)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= $"sitecluster-{Environment.MachineName}";
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 3000);
        configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 3000);
        configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 3000);
        var multiplexer = ConnectionMultiplexer.Connect(configuration);
        multiplexer.ConnectionFailed += (_, e) =>
            logger.LogWarning(e.Exception, "Redis connection lost ({FailureType} on {Endpoint}); serving from local caches until it returns", e.FailureType, e.EndPoint);
        multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection restored ({Endpoint}, {ConnectionType})", e.EndPoint, e.ConnectionType);
        return multiplexer;
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
