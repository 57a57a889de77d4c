using System.Globalization;
using Cronos;
using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Monitoring;

/// <summary>
/// Runs monitoring at the times <c>SiteCluster:Monitoring:Schedule</c> (cron, Beijing time) names;
/// a failed run is logged and the next one still comes. With several nodes the first node to
/// claim an occurrence runs it, the others skip it; while Redis is gone nobody runs it (a run is
/// heavy and an operator can start one), rather than every node.
/// </summary>
public sealed class MonitoringSchedulerService(
    IServiceScopeFactory scopes, ClusterJobs jobs, IOptions<SiteClusterOptions> options, TimeProvider time, ILogger<MonitoringSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next;
            try
            {
                next = MonitoringSchedule.Next(options.Value.Monitoring.Schedule, time.GetUtcNow());
            }
            catch (CronFormatException ex)
            {
                logger.LogError(ex, "SiteCluster:Monitoring:Schedule '{Schedule}' is not a cron expression; scheduled monitoring is off", options.Value.Monitoring.Schedule);
                return;
            }

            if (next is null)
            {
                return;
            }

            await Task.Delay(next.Value - time.GetUtcNow(), time, stoppingToken);
            try
            {
                var occurrence = next.Value.ToUniversalTime().ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
                await jobs.RunOnceAsync("monitoring", occurrence, TimeSpan.FromHours(6), WithoutLocks.Skip, async ct =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ISiteRegistry>().ReloadAsync(ct);
                    await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync(ct);
                }, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The scheduled monitoring run failed; the next one is still due");
            }
        }
    }
}

public static class MonitoringSchedulerExtensions
{
    public static IServiceCollection AddMonitoringScheduler(this IServiceCollection services) =>
        services.AddHostedService<MonitoringSchedulerService>();
}
