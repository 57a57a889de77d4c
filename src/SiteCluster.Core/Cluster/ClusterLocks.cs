using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SiteCluster.Core.Cluster;

/// <summary>The lock service (Redis) cannot be reached, so no lock could be taken or refused.</summary>
public sealed class ClusterLockUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Locks shared by the cluster's nodes, so that one node does what must be done once: a lock held
/// while a job runs, or a claim on one occurrence of a scheduled job.
/// </summary>
public interface IClusterLocks
{
    /// <summary>
    /// Takes the lock <paramref name="name"/> for <paramref name="expiry"/>, renewed while the
    /// returned handle lives (so a node that dies frees it within <paramref name="expiry"/>);
    /// null when another node holds it. Disposing the handle releases it.
    /// </summary>
    /// <exception cref="ClusterLockUnavailableException">Redis cannot be reached.</exception>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="name"/> (a job's occurrence) for <paramref name="holdFor"/> and never
    /// gives it back early: true for the first node that asks, false for every other.
    /// </summary>
    /// <exception cref="ClusterLockUnavailableException">Redis cannot be reached.</exception>
    Task<bool> TryClaimAsync(string name, TimeSpan holdFor, CancellationToken cancellationToken);
}

/// <summary>One node: every lock and claim is granted (each job is one loop of this process).</summary>
public sealed class LocalClusterLocks : IClusterLocks
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan expiry, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(NoLock.Instance);

    public Task<bool> TryClaimAsync(string name, TimeSpan holdFor, CancellationToken cancellationToken) => Task.FromResult(true);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Locks as Redis keys <c>{prefix}lock:{name}</c> set with NX and an expiry, holding a random
/// token; renewal and release check the token first (one script each), so a node never extends
/// or frees a lock that expired and went to another node.
/// </summary>
public sealed class RedisClusterLocks(RedisConnection redis, ILogger<RedisClusterLocks> logger) : IClusterLocks
{
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var key = Key(name);
        var token = Guid.NewGuid().ToString("N");
        return await SetIfAbsentAsync(key, token, expiry) ? new Held(redis, logger, key, token, expiry) : null;
    }

    public Task<bool> TryClaimAsync(string name, TimeSpan holdFor, CancellationToken cancellationToken) =>
        SetIfAbsentAsync(Key(name), Environment.MachineName, holdFor);

    private RedisKey Key(string name) => redis.Prefix + "lock:" + name;

    private async Task<bool> SetIfAbsentAsync(RedisKey key, string value, TimeSpan expiry)
    {
        if (!redis.IsConnected)
        {
            throw new ClusterLockUnavailableException("Redis is not reachable.");
        }

        try
        {
            return await redis.Multiplexer.GetDatabase().StringSetAsync(key, value, expiry, When.NotExists);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterLockUnavailableException("Redis did not answer.", ex);
        }
    }

    private sealed class Held : IAsyncDisposable
    {
        private readonly RedisConnection _redis;
        private readonly ILogger _logger;
        private readonly RedisKey _key;
        private readonly string _token;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Held(RedisConnection redis, ILogger logger, RedisKey key, string token, TimeSpan expiry)
        {
            _redis = redis;
            _logger = logger;
            _key = key;
            _token = token;
            _renewal = RenewAsync(expiry);
        }

        private async Task RenewAsync(TimeSpan expiry)
        {
            using var timer = new PeriodicTimer(expiry / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        var renewed = (long)await _redis.Multiplexer.GetDatabase()
                            .ScriptEvaluateAsync(RenewScript, [_key], [_token, (long)expiry.TotalMilliseconds]);
                        if (renewed == 0)
                        {
                            _logger.LogWarning("The cluster lock {Lock} expired while held; another node may take it", _key);
                            return;
                        }
                    }
                    catch (Exception ex) when (ex is RedisException or TimeoutException)
                    {
                        _logger.LogWarning(ex, "Renewing the cluster lock {Lock} failed; tried again", _key);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Released.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            try
            {
                await _redis.Multiplexer.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [_key], [_token]);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // It expires by itself.
                _logger.LogWarning(ex, "Releasing the cluster lock {Lock} failed; it expires by itself", _key);
            }
        }
    }
}
