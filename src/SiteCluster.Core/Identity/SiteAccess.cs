using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Identity;

/// <summary>
/// What one user may reach: their memberships across the cluster, read once. ClusterAdmin
/// reaches every site; Supervisor reaches its site and every site below it, read-only; the
/// other roles reach their own site.
/// </summary>
public sealed class UserAccess(Guid userId, string userName, IReadOnlyList<(Guid SiteId, SiteRole Role)> memberships, bool twoFactorEnabled = false)
{
    public Guid UserId { get; } = userId;

    public string UserName { get; } = userName;

    /// <summary>Whether the account signs in with an authenticator code as well as its password.</summary>
    public bool TwoFactorEnabled { get; } = twoFactorEnabled;

    public bool IsClusterAdmin => memberships.Any(m => m.Role == SiteRole.ClusterAdmin);

    /// <summary>The roles that apply on <paramref name="site"/>: its own, Supervisor inherited from an ancestor, ClusterAdmin from anywhere.</summary>
    public IReadOnlySet<SiteRole> RolesOn(SiteInfo site, SiteRegistrySnapshot sites)
    {
        var roles = memberships.Where(m => m.SiteId == site.Id).Select(m => m.Role).ToHashSet();
        if (IsClusterAdmin)
        {
            roles.Add(SiteRole.ClusterAdmin);
        }

        var ancestors = sites.AncestorsOf(site).Select(a => a.Id).ToHashSet();
        if (memberships.Any(m => m.Role == SiteRole.Supervisor && ancestors.Contains(m.SiteId)))
        {
            roles.Add(SiteRole.Supervisor);
        }

        return roles;
    }

    /// <summary>Every site the user reaches, in directory order.</summary>
    public IReadOnlyList<SiteInfo> Sites(SiteRegistrySnapshot sites) =>
        [.. sites.All.Where(s => RolesOn(s, sites).Count > 0)];
}

/// <summary>Reads a user's <see cref="UserAccess"/>: memberships are read across sites, in an audited cluster scope.</summary>
public sealed class SiteAccess(SiteClusterDbContext db, IClusterScope clusterScope)
{
    public async Task<UserAccess?> ForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.UserName, u.TwoFactorEnabled }).SingleOrDefaultAsync(cancellationToken);
        if (user?.UserName is not { } userName)
        {
            return null;
        }

        using var scope = clusterScope.Open($"access of user {userName}");
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.TenantId, m.Role }).ToListAsync(cancellationToken);
        return new UserAccess(userId, userName, [.. memberships.Select(m => (m.TenantId, m.Role))], user.TwoFactorEnabled);
    }
}
