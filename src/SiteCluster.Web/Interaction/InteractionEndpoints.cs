using System.Globalization;
using System.Threading.RateLimiting;
using SiteCluster.Core;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Interaction;

public static class InteractionEndpoints
{
    /// <summary>Public forms (依申请公开), their per-client limit on submissions, and the daily upkeep of applications.</summary>
    public static IServiceCollection AddPublicInteraction(this IServiceCollection services, IConfiguration configuration)
    {
        var perHour = configuration.GetSection(SiteClusterOptions.SectionName).Get<SiteClusterOptions>()?.Interaction.FormsPerHourPerClient ?? 10;
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(ApplicationsController.FormsPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        });
        services.AddHostedService<ApplicationsUpkeepService>();
        return services;
    }
}

/// <summary>
/// Once an hour: applications not amended in time lapse; applicants' data past retention is
/// anonymised. With several nodes, the first to come to an hour runs it.
/// </summary>
public sealed class ApplicationsUpkeepService(IServiceScopeFactory scopes, ClusterJobs jobs, TimeProvider time, ILogger<ApplicationsUpkeepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var hour = time.GetUtcNow().ToString("yyyyMMdd'T'HH", CultureInfo.InvariantCulture);
                await jobs.RunOnceAsync("applications-upkeep", hour, TimeSpan.FromHours(1), WithoutLocks.Run, async ct =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var (lapsed, anonymised) = await scope.ServiceProvider.GetRequiredService<DisclosureApplications>().UpkeepAsync(ct);
                    if (lapsed + anonymised > 0)
                    {
                        logger.LogInformation("Applications upkeep: {Lapsed} lapsed, {Anonymised} anonymised", lapsed, anonymised);
                    }
                }, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The applications upkeep failed; it runs again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
