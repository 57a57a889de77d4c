using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Monitoring;

/// <summary>
/// Probes every active site's home page every <c>SiteCluster:Monitoring:ProbeIntervalMinutes</c>
/// (0: never); a failed pass is logged and the next one still comes. With several nodes one node
/// probes in each interval (the first to claim it); while Redis is down every node probes.
/// </summary>
public sealed class AvailabilityProbeService(
    IServiceScopeFactory scopes, ClusterJobs jobs, IOptions<SiteClusterOptions> options, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.Monitoring.ProbeIntervalMinutes);
        return interval <= TimeSpan.Zero
            ? Task.CompletedTask
            : jobs.RunEveryAsync("availability-probes", interval, WithoutLocks.Run, time, async ct =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISiteRegistry>().ReloadAsync(ct);
                await scope.ServiceProvider.GetRequiredService<AvailabilityProber>().ProbeAsync(cancellationToken: ct);
            }, stoppingToken);
    }
}

/// <summary>
/// Checks links every <c>SiteCluster:Monitoring:LinkCheckIntervalMinutes</c> (0: never) for at most
/// <c>LinkCheckMinutesPerRun</c>: the sites most overdue first, <c>LinkCheckConcurrentSites</c> at
/// once; a site not finished continues where it stopped in the next run. With several nodes one
/// node checks in each interval; while Redis is down none does (two crawlers at once would break
/// the per-host politeness the crawler promises).
/// </summary>
public sealed class LinkCheckService(
    IServiceScopeFactory scopes, ClusterJobs jobs, IOptions<SiteClusterOptions> options, TimeProvider time, ILogger<LinkCheckService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Monitoring;
        return settings.LinkCheckIntervalMinutes <= 0
            ? Task.CompletedTask
            : jobs.RunEveryAsync("link-check", TimeSpan.FromMinutes(settings.LinkCheckIntervalMinutes), WithoutLocks.Skip, time, ct => RunAsync(settings, ct), stoppingToken);
    }

    private async Task RunAsync(MonitoringOptions settings, CancellationToken stoppingToken)
    {
        var until = time.GetUtcNow().AddMinutes(settings.LinkCheckMinutesPerRun);
        IReadOnlyList<SiteInfo> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(stoppingToken);
            due = await scope.ServiceProvider.GetRequiredService<LinkChecker>().DueSitesAsync(registry.Current.All, stoppingToken);
        }

        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.LinkCheckConcurrentSites, CancellationToken = stoppingToken }, async (site, token) =>
        {
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LinkChecker>().CheckAsync(site, left, cancellationToken: token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The link check of {Site} failed", site.Slug);
            }
        });
    }
}

public static class MonitoringWatchExtensions
{
    /// <summary>The availability prober's and the link checker's schedules.</summary>
    public static IServiceCollection AddMonitoringWatches(this IServiceCollection services) =>
        services.AddHostedService<AvailabilityProbeService>().AddHostedService<LinkCheckService>();
}
