using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Publishing;

/// <summary>What one scheduler pass did.</summary>
public sealed record SchedulerRun(int Published, int Expired, int Failed);

/// <summary>
/// Publishes approved versions whose time has come and expires content past its 失效日期,
/// on every site. Finding the due items is one cluster-scoped query; each item is then
/// handled in a scope of its own site, so the usual tenant guards apply to every write and
/// one site's failure does not stop the others.
/// </summary>
public sealed class ContentScheduler(IServiceScopeFactory scopes, ISiteRegistry registry, TimeProvider time, ILogger<ContentScheduler> logger)
{
    public async Task<SchedulerRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = BeijingTime.DateOf(now);
        List<(Guid TenantId, Guid ItemId)> due;
        List<Guid> expiring;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("content scheduler");
            due = (await db.ContentItems.AsNoTracking()
                    .Where(i => i.Review == ReviewState.Scheduled && i.ScheduledAt <= now)
                    .OrderBy(i => i.ScheduledAt)
                    .Select(i => new { i.TenantId, i.Id })
                    .ToListAsync(cancellationToken))
                .Select(i => (i.TenantId, i.Id)).ToList();
            expiring = await db.ContentItems.AsNoTracking()
                .Where(i => i.Status == ContentStatus.Published && i.ExpiryDate != null && i.ExpiryDate <= today)
                .Select(i => i.TenantId).Distinct()
                .ToListAsync(cancellationToken);
        }

        int published = 0, expired = 0, failed = 0;
        foreach (var (tenantId, itemId) in due)
        {
            try
            {
                published += await InSiteAsync(tenantId, service => service.PublishIfDueAsync(itemId, cancellationToken)) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                logger.LogError(ex, "Scheduled publishing of item {Item} failed; the previous version stays live", itemId);
            }
        }

        foreach (var tenantId in expiring)
        {
            try
            {
                expired += await InSiteAsync(tenantId, service => service.ExpireDueAsync(cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                logger.LogError(ex, "Expiring content of site {Site} failed", tenantId);
            }
        }

        if (published + expired + failed > 0)
        {
            logger.LogInformation("Content scheduler: {Published} published, {Expired} expired, {Failed} failed", published, expired, failed);
        }

        return new SchedulerRun(published, expired, failed);
    }

    private async Task<T> InSiteAsync<T>(Guid tenantId, Func<ContentService, Task<T>> work)
    {
        var site = registry.Current.FindById(tenantId);
        if (site is null || site.IsReadOnly)
        {
            return default!;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSite(site);
        return await work(scope.ServiceProvider.GetRequiredService<ContentService>());
    }
}
