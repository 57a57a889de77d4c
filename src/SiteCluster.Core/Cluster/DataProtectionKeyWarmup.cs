using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SiteCluster.Core.Cluster;

/// <summary>
/// Before a node serves, makes sure the cluster has a data-protection key, under a cluster lock:
/// nodes that start together on an empty Redis then make one key, not one each (a node would
/// refuse another's cookies until it read the key ring again).
/// </summary>
internal sealed class DataProtectionKeyWarmup(IDataProtectionProvider protection, IClusterLocks locks, ILogger<DataProtectionKeyWarmup> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            IAsyncDisposable? held;
            try
            {
                held = await locks.TryAcquireAsync("data-protection-keys", TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (ClusterLockUnavailableException ex)
            {
                logger.LogWarning("Data-protection keys are not checked at start: {Reason}", ex.Message);
                return;
            }

            if (held is not null)
            {
                await using (held)
                {
                    // Reads the key ring from Redis, and makes and stores the first key when there is none.
                    protection.CreateProtector("SiteCluster.KeyWarmup").Protect("warm-up"u8.ToArray());
                }

                return;
            }

            if (waited.Elapsed > Patience)
            {
                logger.LogWarning("Another node held the data-protection key lock for {Seconds} s; starting without waiting longer", Patience.TotalSeconds);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
