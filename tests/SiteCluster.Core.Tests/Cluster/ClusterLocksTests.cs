using Microsoft.Extensions.Logging.Abstractions;
using SiteCluster.Core.Cluster;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Cluster;

/// <summary>Redis locks and claims as two nodes see them (two connections, one key prefix).</summary>
public sealed class ClusterLocksTests : IDisposable
{
    private readonly RedisConnection _first;
    private readonly RedisConnection _second;

    public ClusterLocksTests()
    {
        var options = new RedisOptions { Configuration = TestServices.Redis, KeyPrefix = $"test-{Guid.NewGuid():N}:" };
        _first = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        _second = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
    }

    private RedisClusterLocks First => new(_first, NullLogger<RedisClusterLocks>.Instance);

    private RedisClusterLocks Second => new(_second, NullLogger<RedisClusterLocks>.Instance);

    [Fact]
    public async Task A_held_lock_is_refused_to_the_other_node_until_released()
    {
        var held = await First.TryAcquireAsync("job", TimeSpan.FromSeconds(30), default);
        Assert.NotNull(held);
        Assert.Null(await Second.TryAcquireAsync("job", TimeSpan.FromSeconds(30), default));

        await held.DisposeAsync();

        var next = await Second.TryAcquireAsync("job", TimeSpan.FromSeconds(30), default);
        Assert.NotNull(next);
        await next.DisposeAsync();
    }

    [Fact]
    public async Task A_lock_is_renewed_while_held_past_its_expiry()
    {
        // Renewed every third of its expiry: a 2 s expiry leaves the renewal over a second of slack
        // on a loaded CI machine (600 ms left 400 ms, and CI once missed it); held for 2.5 expiries.
        await using var held = await First.TryAcquireAsync("long-job", TimeSpan.FromSeconds(2), default);
        Assert.NotNull(held);

        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Null(await Second.TryAcquireAsync("long-job", TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task An_occurrence_is_claimed_once_and_stays_claimed()
    {
        Assert.True(await First.TryClaimAsync("monitoring:20261201T1800", TimeSpan.FromMinutes(1), default));
        Assert.False(await Second.TryClaimAsync("monitoring:20261201T1800", TimeSpan.FromMinutes(1), default));
        Assert.False(await First.TryClaimAsync("monitoring:20261201T1800", TimeSpan.FromMinutes(1), default));
        Assert.True(await Second.TryClaimAsync("monitoring:20261202T1800", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task Without_Redis_the_jobs_say_so_rather_than_wait()
    {
        using var gone = new RedisConnection(new RedisOptions { Configuration = "127.0.0.1:9,connectTimeout=500" }, NullLogger<RedisConnection>.Instance);
        var locks = new RedisClusterLocks(gone, NullLogger<RedisClusterLocks>.Instance);
        var jobs = new ClusterJobs(locks, NullLogger<ClusterJobs>.Instance);
        var ran = 0;

        Assert.True(await jobs.RunExclusiveAsync("scheduler", TimeSpan.FromMinutes(1), WithoutLocks.Run, _ => Task.FromResult(ran++), default));
        Assert.False(await jobs.RunOnceAsync("monitoring", "x", TimeSpan.FromMinutes(1), WithoutLocks.Skip, _ => Task.FromResult(ran++), default));
        Assert.Equal(1, ran);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
