using Serilog;
using Serilog.Formatting.Compact;
using SiteCluster.Core;

namespace SiteCluster.Web.Logging;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog: levels from the <c>Serilog</c> section; console, and rolling compact-JSON files
    /// (<c>logs/sitecluster-YYYYMMDD.clef</c> in the data directory, 14 days kept).
    /// </summary>
    public static IServiceCollection AddSiteClusterLogging(this IServiceCollection services) =>
        services.AddSerilog((provider, logger) => logger
            .ReadFrom.Configuration(provider.GetRequiredService<IConfiguration>())
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(provider.GetRequiredService<SiteClusterPaths>().LogsDirectory, "sitecluster-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                shared: true),
            // Each host keeps its own logger: the static Log.Logger would send every host's
            // events to whichever host started last (several hosts share a process in tests).
            preserveStaticLogger: true);

    /// <summary>One event per request, with tenant and request id.</summary>
    public static IApplicationBuilder UseSiteClusterRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options => options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>());
}
