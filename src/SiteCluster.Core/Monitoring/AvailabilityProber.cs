using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>
/// 可用性探测: requests every active site's public home page (<see cref="MonitoringOptions.PublicBaseUrl"/>)
/// with at most <see cref="MonitoringOptions.ProbeConcurrency"/> requests in flight, each allowed
/// <see cref="MonitoringOptions.ProbeTimeoutSeconds"/> to answer and be read, and records one
/// <see cref="AvailabilityProbe"/> per site. A probe succeeds on a 2xx answer (after at most five
/// redirects) read in time; anything else is a failure with its reason.
/// </summary>
public sealed class AvailabilityProber(
    SiteClusterDbContext db, IClusterScope clusterScope, ISiteRegistry registry, IHttpClientFactory clients, IOptions<SiteClusterOptions> options, TimeProvider time, ILogger<AvailabilityProber> logger)
{
    public const string HttpClientName = "availability-probe";

    /// <summary>Probes <paramref name="sites"/> (every active site when null), stores the probes and drops those past the retention period.</summary>
    public async Task<IReadOnlyList<AvailabilityProbe>> ProbeAsync(IReadOnlyCollection<SiteInfo>? sites = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Monitoring;
        var targets = (sites ?? registry.Current.All).Where(s => s.Status == SiteStatus.Active).ToList();
        var probes = new AvailabilityProbe[targets.Count];
        var http = clients.CreateClient(HttpClientName);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.ProbeConcurrency, CancellationToken = cancellationToken },
            async (i, token) => probes[i] = await ProbeOneAsync(http, targets[i], TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds), token));

        using var scope = clusterScope.Open("availability probes");
        db.AvailabilityProbes.AddRange(probes);
        await db.SaveChangesAsync(cancellationToken);
        var cutoff = time.GetUtcNow().AddDays(-settings.ProbeRetentionDays);
        await db.AvailabilityProbes.Where(p => p.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("Probed {Sites} sites: {Failed} failed", probes.Length, probes.Count(p => !p.Succeeded));
        return probes;
    }

    private async Task<AvailabilityProbe> ProbeOneAsync(HttpClient http, SiteInfo site, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = options.Value.Monitoring.PublicUrlOf(site);
        var probe = new AvailabilityProbe { Id = Guid.CreateVersion7(), TenantId = site.Id, At = time.GetUtcNow(), Url = url.AbsoluteUri };
        var watch = Stopwatch.StartNew();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd(options.Value.Crawling.UserAgent);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            probe.StatusCode = (int)response.StatusCode;

            // Loading means the whole page arrives, not only its headers.
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token);
            await body.CopyToAsync(Stream.Null, limit.Token);
            probe.Succeeded = response.IsSuccessStatusCode;
            probe.Error = probe.Succeeded ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {probe.StatusCode} {response.ReasonPhrase}").Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            probe.Error = string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            probe.Error = ex.Message.Length > 300 ? ex.Message[..300] : ex.Message;
        }

        probe.LatencyMilliseconds = (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);
        return probe;
    }
}

public static class AvailabilityProberExtensions
{
    /// <summary>The prober and its HTTP client: redirects followed (at most five), no cookies, no client-wide timeout (each probe has its own).</summary>
    public static IServiceCollection AddAvailabilityProbes(this IServiceCollection services)
    {
        services.AddHttpClient(AvailabilityProber.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<AvailabilityProber>();
        return services;
    }
}
