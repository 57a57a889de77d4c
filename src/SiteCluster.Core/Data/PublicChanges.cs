using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
/// Collects the public changes of one context's saves (just before each save) and hands them to the listener once they are committed: after the save when no
/// transaction is open, after the commit otherwise; a rollback drops them. One interceptor
/// serves every context; what it collects is kept with the context's lease.
/// </summary>
public sealed class PublicChangeInterceptor(IPublicChangeListener listener, PublicReadCaches caches) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public HashSet<Guid> Sites { get; } = [];

        public HashSet<Guid> Items { get; } = [];

        public bool Everywhere { get; set; }

        public bool Directory { get; set; }
    }

    private static Pending? Of(DbContext? context) => (context as SiteClusterDbContext)?.LeaseState<Pending>();

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

    /// <summary>Notes what the pending changes of <paramref name="context"/> change in public.</summary>
    private static void Collect(DbContext? context)
    {
        if (context is null || Of(context) is not { } pending)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case ContentItem item when PublicContent.IsOrWasPublic(entry, item):
                    pending.Sites.Add(item.TenantId);
                    pending.Items.Add(item.Id);
                    break;
                case Repost repost:
                    pending.Sites.Add(repost.TenantId);
                    break;
                case Column column:
                    pending.Sites.Add(column.TenantId);
                    break;
                case Site site:
                    pending.Sites.Add(site.Id);
                    pending.Directory = true;
                    break;
                case SiteHost host:
                    pending.Sites.Add(host.SiteId);
                    pending.Directory = true;
                    break;
                case CatalogueNode or ContentTypeRecord:
                    pending.Everywhere = true;
                    break;
            }
        }
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await FlushAsync(eventData.Context, cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            FlushAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
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
        FlushAsync(eventData.Context, cancellationToken);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        FlushAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private async Task FlushAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (Of(context) is not { } pending)
        {
            return;
        }

        var change = new PublicChange(pending.Sites.ToHashSet(), pending.Items.ToHashSet(), pending.Everywhere, pending.Directory);
        Drop(context);
        if (!change.IsEmpty)
        {
            caches.Invalidate(change);
            await listener.ChangedAsync(change, cancellationToken);
        }
    }

    private static void DropIfNoTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Drop(context);
        }
    }

    private static void Drop(DbContext? context)
    {
        if (Of(context) is { } pending)
        {
            pending.Sites.Clear();
            pending.Items.Clear();
            pending.Everywhere = false;
            pending.Directory = false;
        }
    }
}
