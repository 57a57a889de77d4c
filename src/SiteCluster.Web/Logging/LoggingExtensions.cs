using Serilog;
using Serilog.Formatting.Compact;
using Serilog.Sinks.OpenTelemetry;
using SiteCluster.Core;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Logging;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog: levels from the <c>Serilog</c> section; console, and rolling compact-JSON files
    /// (<c>logs/sitecluster-YYYYMMDD.clef</c> in the data directory, 14 days kept); and, when
    /// <c>Serilog:Otlp:Endpoint</c> is set, every event over OTLP (an OpenTelemetry collector
    /// that forwards to Elasticsearch, for a cluster's logs in one place).
    /// </summary>
    public static IServiceCollection AddSiteClusterLogging(this IServiceCollection services) =>
        services.AddSerilog((provider, logger) =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            logger
                .ReadFrom.Configuration(configuration)
                .Enrich.FromLogContext()
                .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .WriteTo.File(
                    new CompactJsonFormatter(),
                    Path.Combine(provider.GetRequiredService<SiteClusterPaths>().LogsDirectory, "sitecluster-.clef"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 14,
                    shared: true);
            var otlp = configuration.GetSection("Serilog:Otlp").Get<OtlpLogOptions>();
            if (!string.IsNullOrWhiteSpace(otlp?.Endpoint))
            {
                logger.WriteTo.OpenTelemetry(sink =>
                {
                    sink.Endpoint = otlp.Endpoint;
                    sink.Protocol = otlp.Protocol;
                    sink.ResourceAttributes = new Dictionary<string, object>
                    {
                        ["service.name"] = otlp.ServiceName,
                        ["service.instance.id"] = Environment.MachineName,
                    };
                });
            }
        },
        // Each host keeps its own logger: the static Log.Logger would send every host's
        // events to whichever host started last (several hosts share a process in tests).
        preserveStaticLogger: true);

    /// <summary>
    /// One event per request, with the request id and the site's slug (when the request was for
    /// a site), added only when the event is written.
    /// </summary>
    public static IApplicationBuilder UseSiteClusterRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set("RequestId", context.TraceIdentifier);
                if (context.Features.Get<SiteResolution>()?.Site is { } site)
                {
                    diagnostics.Set("Tenant", site.Slug);
                }
            };
        });
}

/// <summary>The <c>Serilog:Otlp</c> section: where structured logs are exported over OTLP.</summary>
public sealed class OtlpLogOptions
{
    /// <summary>The collector's OTLP address, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318/v1/logs</c> (HTTP); empty turns export off.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318).</summary>
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>The <c>service.name</c> resource attribute of every exported event.</summary>
    public string ServiceName { get; set; } = "sitecluster";
}
