using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Search;

/// <summary>
/// Something the search index must catch up with, written in the same transaction as the
/// change itself: an item to index again on every site that shows it, or a whole site (its
/// columns or its display of expired content changed). The indexer deletes an entry only after
/// the index has committed it, so a crash in between loses nothing.
/// </summary>
public sealed class SearchOutboxEntry
{
    public long Id { get; set; }

    public Guid? ItemId { get; set; }

    public Guid? SiteId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One indexing pass at a time in a process: a caller that finds the outbox empty because another
/// pass took its entries waits for that pass to have committed them, so what it searches next is there.
/// </summary>
public sealed class SearchIndexingLock : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}

/// <summary>Wakes the indexer when a change with outbox entries is committed.</summary>
public sealed class SearchOutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Raise()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Raised twice at once: one wake-up is enough.
            }
        }
    }

    /// <summary>Waits for a raise or the timeout; true when raised.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// Adds a <see cref="SearchOutboxEntry"/> to each save that changes what search may find, and
/// raises <see cref="SearchOutboxSignal"/> once that save is committed.
/// </summary>
public sealed class SearchOutboxInterceptor(SearchOutboxSignal signal, TimeProvider time) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Whether this lease of a context wrote outbox rows not yet signalled (one interceptor serves every context).
    private sealed class Pending
    {
        public bool Rows { get; set; }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var items = new HashSet<Guid>();
        var sites = new HashSet<Guid>();
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case ContentItem item when PublicContent.IsOrWasPublic(entry, item):
                    items.Add(item.Id);
                    break;
                case Repost repost:
                    items.Add(repost.SourceItemId);
                    break;
                case Column column:
                    sites.Add(column.TenantId);
                    break;
                case Site site when entry.State != EntityState.Added && ShowsDifferently(entry):
                    sites.Add(site.Id);
                    break;
            }
        }

        var now = time.GetUtcNow();
        foreach (var id in items)
        {
            context.Add(new SearchOutboxEntry { ItemId = id, CreatedAt = now });
        }

        foreach (var id in sites)
        {
            context.Add(new SearchOutboxEntry { SiteId = id, CreatedAt = now });
        }

        if (items.Count + sites.Count > 0 && context is SiteClusterDbContext leased)
        {
            leased.LeaseState<Pending>().Rows = true;
        }
    }

    private static bool ShowsDifferently(EntityEntry entry) =>
        entry.State == EntityState.Deleted || entry.Property(nameof(Site.ExpiredContent)).IsModified;

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RaiseIfCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RaiseIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Raise(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Raise(eventData.Context);
        return Task.CompletedTask;
    }

    private void RaiseIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Raise(context);
        }
    }

    private void Raise(DbContext? context)
    {
        if (context is SiteClusterDbContext leased && leased.LeaseState<Pending>() is { Rows: true } pending)
        {
            pending.Rows = false;
            signal.Raise();
        }
    }
}
