using System.Threading.RateLimiting;
using SiteCluster.Core;
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

/// <summary>Once an hour: applications not amended in time lapse; applicants' data past retention is anonymised.</summary>
public sealed class ApplicationsUpkeepService(IServiceScopeFactory scopes, TimeProvider time, ILogger<ApplicationsUpkeepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var (lapsed, anonymised) = await scope.ServiceProvider.GetRequiredService<DisclosureApplications>().UpkeepAsync(stoppingToken);
                if (lapsed + anonymised > 0)
                {
                    logger.LogInformation("Applications upkeep: {Lapsed} lapsed, {Anonymised} anonymised", lapsed, anonymised);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The applications upkeep failed; it runs again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
