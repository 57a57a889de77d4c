using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SiteCluster.Core.Health;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process is alive. <c>/readyz</c>: the database (and Redis and blob
    /// storage when configured) can be reached; 200 when healthy or degraded, 503 otherwise.
    /// Both answer on any host, with JSON detail.
    /// </summary>
    public static IEndpointRouteBuilder MapSiteClusterHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync })
            .WithMetadata(new ClusterEndpointAttribute());
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag),
            ResponseWriter = WriteJsonAsync,
        })
            .WithMetadata(new ClusterEndpointAttribute());
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    error = e.Value.Exception?.Message,
                    milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
