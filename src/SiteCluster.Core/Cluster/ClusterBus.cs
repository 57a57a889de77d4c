using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Search;
using SiteCluster.Core.Tenancy;
using StackExchange.Redis;

namespace SiteCluster.Core.Cluster;

/// <summary>
/// Tells the cluster's other nodes of each committed <see cref="PublicChange"/>, so that they
/// evict the same cached pages and reload their site registry. A node alone has nobody to tell.
/// </summary>
public interface IClusterBus
{
    /// <summary>Announces <paramref name="change"/>; never throws, and never waits for a Redis that is gone.</summary>
    Task PublishAsync(PublicChange change, CancellationToken cancellationToken);
}

/// <summary>One node: nothing to announce.</summary>
public sealed class LocalClusterBus : IClusterBus
{
    public Task PublishAsync(PublicChange change, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// What a node does with a change another node committed: the same as with its own (read caches,
/// cached pages), and it reloads its site registry when sites changed, and wakes its search indexer.
/// </summary>
public sealed class RemoteChangeApplier(
    PublicReadCaches caches,
    IPublicChangeListener listener,
    IServiceProvider services,
    ILogger<RemoteChangeApplier> logger)
{
    public async Task ApplyAsync(PublicChange change, CancellationToken cancellationToken)
    {
        caches.Invalidate(change);
        if (change.Directory || change.Everywhere)
        {
            try
            {
                await services.GetRequiredService<ISiteRegistry>().ReloadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be gone too; the next change or resynchronisation reloads it.
                logger.LogWarning(ex, "Reloading the site registry after another node's change failed");
            }
        }

        await listener.ChangedAsync(change, cancellationToken);
        services.GetService<SearchOutboxSignal>()?.Raise();
    }
}

/// <summary>
/// Announces changes on the Redis channel <c>{prefix}changes</c> and applies the other nodes'
/// ones. Publishing while Redis is gone is skipped, not queued: when the connection comes back,
/// the node drops its own cached pages and registry (it may have missed changes) and asks every
/// other node to do the same (they may have missed its own).
/// </summary>
public sealed class RedisClusterBus(
    RedisConnection redis,
    RemoteChangeApplier applier,
    IOptions<SiteClusterOptions> options,
    ILogger<RedisClusterBus> logger) : IClusterBus, IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly PublicChange Resync = new(new HashSet<Guid>(), new HashSet<Guid>(), Everywhere: true, Directory: true);

    /// <summary>Tells this node's own messages from the others'.</summary>
    private readonly string _node = Guid.NewGuid().ToString("N");
    private RedisChannel Channel => RedisChannel.Literal(redis.Prefix + "changes");

    public async Task PublishAsync(PublicChange change, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            logger.LogWarning("Redis is not reachable: other nodes are told of this change when it returns");
            return;
        }

        try
        {
            await redis.Multiplexer.GetSubscriber().PublishAsync(Channel, Serialize(change));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Announcing a change over Redis failed: other nodes are told when it returns");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Search.Provider == SearchProvider.Lucene)
        {
            logger.LogWarning("Cluster mode with the Lucene search index: each node has an index of its own, written only by the node that holds the indexer lock. Use SiteCluster:Search:Provider=Elasticsearch with several nodes");
        }

        var multiplexer = redis.Multiplexer;
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _ = ResynchroniseAsync();
            }
        };

        try
        {
            var queue = await multiplexer.GetSubscriber().SubscribeAsync(Channel);
            queue.OnMessage(message => OnMessageAsync(message.Message));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Subscriptions are made again by the connection once Redis is back.
            logger.LogWarning(ex, "Subscribing to cluster changes failed; retried when Redis is reachable");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task OnMessageAsync(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);
            if (envelope is null || envelope.Node == _node)
            {
                return;
            }

            var change = new PublicChange(envelope.Sites.ToHashSet(), envelope.Items.ToHashSet(), envelope.Everywhere, envelope.Directory);
            await applier.ApplyAsync(change, CancellationToken.None);
            logger.LogDebug("Applied node {Node}'s change", envelope.Node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A cluster change message could not be applied");
        }
    }

    private async Task ResynchroniseAsync()
    {
        try
        {
            logger.LogInformation("Redis is back: dropping cached pages and reloading sites, and asking other nodes to do the same");
            await applier.ApplyAsync(Resync, CancellationToken.None);
            await PublishAsync(Resync, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Resynchronising after Redis returned failed");
        }
    }

    private string Serialize(PublicChange change) =>
        JsonSerializer.Serialize(new Envelope(_node, [.. change.Sites], [.. change.Items], change.Everywhere, change.Directory), Json);

    private sealed record Envelope(string Node, Guid[] Sites, Guid[] Items, bool Everywhere, bool Directory);
}
