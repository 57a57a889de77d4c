using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SiteCluster.Core.Health;

/// <summary>Reads the blob service's properties; unhealthy when storage cannot be reached.</summary>
internal sealed class BlobStorageHealthCheck(string connectionString) : IHealthCheck
{
    private readonly BlobServiceClient _client = new(connectionString, new BlobClientOptions
    {
        Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(3) },
    });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetPropertiesAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{_client.Uri.Host}:{_client.Uri.Port}");
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or TaskCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Blob storage is not reachable", ex);
        }
    }
}
