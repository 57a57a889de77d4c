using Microsoft.Extensions.Logging;

namespace SiteCluster.Core.Cluster;

/// <summary>What a job does when the lock service cannot be reached.</summary>
public enum WithoutLocks
{
    /// <summary>Run anyway, as a single node would: for jobs whose work is safe to repeat.</summary>
    Run,

    /// <summary>Do not run: for jobs that must not run twice; the next occurrence (or an operator) runs it.</summary>
    Skip,
}

/// <summary>
/// Runs the background jobs of the cluster's nodes so that one node does each piece of work:
/// a job pass under a lock (another node's pass in progress means this one is skipped), or one
/// occurrence of a scheduled job claimed by the first node that gets to it.
/// </summary>
public sealed class ClusterJobs(IClusterLocks locks, ILogger<ClusterJobs> logger)
{
    /// <summary>
    /// The occurrence name of the fixed interval of length <paramref name="interval"/> (counted from
    /// the Unix epoch) that holds <paramref name="now"/>: nodes whose timers tick at different
    /// moments of the same interval name the same occurrence.
    /// </summary>
    public static string Interval(DateTimeOffset now, TimeSpan interval) =>
        (now.ToUnixTimeSeconds() / Math.Max(1, (long)interval.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="job"/> unless another node runs it now; true when it ran here.</summary>
    public async Task<bool> RunExclusiveAsync(string job, TimeSpan expiry, WithoutLocks withoutLocks, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        IAsyncDisposable? held;
        try
        {
            held = await locks.TryAcquireAsync(job, expiry, cancellationToken);
        }
        catch (ClusterLockUnavailableException ex)
        {
            return await WithoutLockAsync(job, withoutLocks, ex, run, cancellationToken);
        }

        if (held is null)
        {
            logger.LogDebug("Job {Job} runs on another node now", job);
            return false;
        }

        await using (held)
        {
            await run(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Runs the occurrence <paramref name="occurrence"/> of <paramref name="job"/> on the first node
    /// that claims it; the claim is kept for <paramref name="holdFor"/>, so a node that comes to
    /// the same occurrence later (a slower clock) does not run it again. True when it ran here.
    /// </summary>
    public async Task<bool> RunOnceAsync(string job, string occurrence, TimeSpan holdFor, WithoutLocks withoutLocks, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        bool claimed;
        try
        {
            claimed = await locks.TryClaimAsync($"{job}:{occurrence}", holdFor, cancellationToken);
        }
        catch (ClusterLockUnavailableException ex)
        {
            return await WithoutLockAsync(job, withoutLocks, ex, run, cancellationToken);
        }

        if (!claimed)
        {
            logger.LogInformation("Job {Job} ({Occurrence}) was taken by another node", job, occurrence);
            return false;
        }

        await run(cancellationToken);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="job"/> once in every interval of length <paramref name="interval"/>
    /// across the nodes (<see cref="RunOnceAsync"/>, the interval named by <see cref="Interval"/>),
    /// the first time one interval after start, until <paramref name="stoppingToken"/> ends it. A
    /// failed run is logged and the next one still comes.
    /// </summary>
    public async Task RunEveryAsync(string job, TimeSpan interval, WithoutLocks withoutLocks, TimeProvider time, Func<CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, stoppingToken);
            try
            {
                await RunOnceAsync(job, Interval(time.GetUtcNow(), interval), interval, withoutLocks, run, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Job {Job} failed; the next run is still due", job);
            }
        }
    }

    private async Task<bool> WithoutLockAsync(string job, WithoutLocks withoutLocks, ClusterLockUnavailableException ex, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        if (withoutLocks == WithoutLocks.Skip)
        {
            logger.LogWarning("Job {Job} is skipped: {Reason} It must not run on two nodes at once", job, ex.Message);
            return false;
        }

        logger.LogWarning("Job {Job} runs without a cluster lock: {Reason}", job, ex.Message);
        await run(cancellationToken);
        return true;
    }
}
