using System.Threading.RateLimiting;
using SiteCluster.Core;

namespace SiteCluster.Web.Search;

public static class SearchEndpoints
{
    public const string RateLimitPolicy = "search";

    /// <summary>The public search pages, the background indexer and the per-client limit on searches.</summary>
    public static IServiceCollection AddPublicSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SiteSearch>();
        services.AddHostedService<SearchIndexerService>();
        var perMinute = configuration.GetSection(SiteClusterOptions.SectionName).Get<SiteClusterOptions>()?.Search.RequestsPerMinutePerClient ?? 120;
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
