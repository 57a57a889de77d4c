using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Content.Publishing;

namespace SiteCluster.Web.Content;

/// <summary>
/// Runs the <see cref="ContentScheduler"/> every <c>SiteCluster:Content:SchedulerIntervalSeconds</c>:
/// approved versions go live at their time, content past its 失效日期 expires. With several nodes
/// one pass runs at a time (a cluster lock); without Redis each node runs its own, which is safe
/// since a pass publishes only what is still due.
/// </summary>
public sealed class ContentSchedulerService(
    ContentScheduler scheduler, ClusterJobs jobs, IOptions<SiteClusterOptions> options, TimeProvider time, ILogger<ContentSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Content.SchedulerIntervalSeconds), time);
        do
        {
            try
            {
                await jobs.RunExclusiveAsync("content-scheduler", TimeSpan.FromMinutes(2), WithoutLocks.Run, ct => scheduler.RunAsync(ct), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database briefly gone must not stop the schedule: the next pass picks up what is due.
                logger.LogError(ex, "The content scheduler pass failed; it runs again in {Seconds} s", options.Value.Content.SchedulerIntervalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class ContentSchedulerExtensions
{
    /// <summary>Publishing at a set time and automatic expiry, in the background of the host.</summary>
    public static IServiceCollection AddContentScheduler(this IServiceCollection services) =>
        services.AddHostedService<ContentSchedulerService>();
}
