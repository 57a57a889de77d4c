using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Data;

/// <summary>
/// What changed that the public sees: sites whose pages changed, and whether the change reaches
/// every site (the catalogue, content types) or the site directory (a site's name, hosts or
/// status). Raised only after the change is committed, so a page rendered after it shows it.
/// </summary>
/// <param name="Sites">Sites whose public pages changed.</param>
/// <param name="Items">Items whose own pages changed (a repost on another site shows them too).</param>
/// <param name="Everywhere">Every site's pages changed.</param>
/// <param name="Directory">The site directory changed.</param>
public sealed record PublicChange(IReadOnlySet<Guid> Sites, IReadOnlySet<Guid> Items, bool Everywhere, bool Directory)
{
    public bool IsEmpty => Sites.Count == 0 && Items.Count == 0 && !Everywhere && !Directory;
}

/// <summary>Told of every committed <see cref="PublicChange"/>; the web host evicts its page cache.</summary>
public interface IPublicChangeListener
{
    Task ChangedAsync(PublicChange change, CancellationToken cancellationToken);
}

/// <summary>Nobody listens (the command line has no page cache).</summary>
public sealed class NoPublicChangeListener : IPublicChangeListener
{
    public Task ChangedAsync(PublicChange change, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Collects the public changes of one context's saves (just before each save) and hands them to the listener, and
/// through the cluster bus to the other nodes, once they are committed: after the save when no
/// transaction is open, after the commit otherwise; a rollback drops them.
/// </summary>
public sealed class PublicChangeInterceptor(IPublicChangeListener listener, PublicReadCaches caches, IClusterBus bus) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly HashSet<Guid> _sites = [];
    private readonly HashSet<Guid> _items = [];
    private bool _everywhere;
    private bool _directory;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            Collect(context.ChangeTracker);
        }

        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            Collect(context.ChangeTracker);
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>Notes what the pending changes of <paramref name="tracker"/> change in public.</summary>
    private void Collect(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case ContentItem item when PublicContent.IsOrWasPublic(entry, item):
                    _sites.Add(item.TenantId);
                    _items.Add(item.Id);
                    break;
                case Repost repost:
                    _sites.Add(repost.TenantId);
                    break;
                case Column column:
                    _sites.Add(column.TenantId);
                    break;
                case Site site:
                    _sites.Add(site.Id);
                    _directory = true;
                    break;
                case SiteHost host:
                    _sites.Add(host.SiteId);
                    _directory = true;
                    break;
                case CatalogueNode or ContentTypeRecord:
                    _everywhere = true;
                    break;
            }
        }
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await FlushAsync(cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => DropIfNoTransaction(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        DropIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        FlushAsync(cancellationToken);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop();
        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var change = new PublicChange(_sites.ToHashSet(), _items.ToHashSet(), _everywhere, _directory);
        Drop();
        if (!change.IsEmpty)
        {
            caches.Invalidate(change);
            await listener.ChangedAsync(change, cancellationToken);
            await bus.PublishAsync(change, cancellationToken);
        }
    }

    private void DropIfNoTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Drop();
        }
    }

    private void Drop()
    {
        _sites.Clear();
        _items.Clear();
        _everywhere = false;
        _directory = false;
    }
}
