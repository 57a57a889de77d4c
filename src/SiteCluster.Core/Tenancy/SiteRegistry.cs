using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Data;

namespace SiteCluster.Core.Tenancy;

internal sealed class SiteRegistry(IServiceScopeFactory scopeFactory) : ISiteRegistry, IDisposable
{
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private volatile SiteRegistrySnapshot _current = SiteRegistrySnapshot.Empty;

    public SiteRegistrySnapshot Current => _current;

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloadLock.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var sites = await db.Sites.AsNoTracking().Include(s => s.Hosts).ToListAsync(cancellationToken);
            var slugs = sites.ToDictionary(s => s.Id, s => s.Slug);
            _current = new SiteRegistrySnapshot(sites.Select(s => ToInfo(s, slugs)));
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    internal static SiteInfo ToInfo(Site site, IReadOnlyDictionary<Guid, string> slugs)
    {
        var hosts = site.Hosts.OrderByDescending(h => h.IsPrimary).ThenBy(h => h.HostName, StringComparer.Ordinal)
            .Select(h => h.HostName).ToList();
        return new SiteInfo(
            site.Id,
            site.Slug,
            site.Name,
            site.Level,
            site.ParentId,
            site.ParentId is { } parentId ? slugs.GetValueOrDefault(parentId) : null,
            hosts.FirstOrDefault() ?? string.Empty,
            hosts,
            site.SiteCode,
            site.Organiser,
            site.IcpNumber,
            site.PublicSecurityNumber,
            site.Theme,
            site.Status,
            site.SortOrder,
            site.OrganisationCode,
            site.ExpiredContent,
            SiteAppearance.Parse(site.Appearance));
    }

    public void Dispose() => _reloadLock.Dispose();
}
