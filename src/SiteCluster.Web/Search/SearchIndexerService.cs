using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Search;

namespace SiteCluster.Web.Search;

/// <summary>
/// Keeps the search index up to date in the background: woken by each commit that wrote the
/// search outbox, and every <c>Search:IndexerIntervalSeconds</c> in case a wake-up was missed
/// (a change made by the command line, or a restart with entries left over). With several nodes
/// one writes at a time (a cluster lock): the outbox and, with Elasticsearch, the index are shared.
/// </summary>
public sealed class SearchIndexerService(
    IServiceScopeFactory scopes,
    ClusterJobs jobs,
    SearchOutboxSignal signal,
    IOptions<SiteClusterOptions> options,
    ILogger<SearchIndexerService> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan LockedRetry = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.Search.IndexerIntervalSeconds);
        var locked = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                await jobs.RunExclusiveAsync("search-indexer", TimeSpan.FromMinutes(2), WithoutLocks.Run, ct => IndexPendingAsync(scopes, ct), stoppingToken);
                locked = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SearchIndexLockedException e)
            {
                // Another process (the command line's rebuild, or a second host on the same data
                // folder) writes the index: leave it to that one, and look again now and then.
                if (!locked)
                {
                    logger.LogWarning("{Reason} This host does not index until it can open the index.", e.Message);
                    locked = true;
                }

                wait = LockedRetry;
            }
            catch (Exception e)
            {
                // The entries stay in the outbox and are tried again at the next pass.
                logger.LogError(e, "Search indexing failed; the outbox keeps its entries for the next pass");
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Indexes everything the outbox holds now, in batches.</summary>
    public static async Task IndexPendingAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        int handled;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            handled = await scope.ServiceProvider.GetRequiredService<SearchIndexer>().ProcessPendingAsync(BatchSize, cancellationToken);
        }
        while (handled == BatchSize);
    }
}
