using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Items;

/// <summary>What someone may do with a site's content.</summary>
public enum ContentPermission
{
    /// <summary>Create, edit, restore, mask and submit (Editor, SiteAdmin).</summary>
    Edit,

    /// <summary>Approve or reject in confidentiality review, and override the personal-data block (Reviewer).</summary>
    Review,

    /// <summary>Take published content down (Reviewer, SiteAdmin).</summary>
    Withdraw,
}

/// <summary>Who acts on content, with their roles on the current site; the audit log records <see cref="Name"/>.</summary>
public sealed record ContentActor(string Name, IReadOnlySet<SiteRole> Roles)
{
    /// <summary>Jobs and recipes: the scheduler publishing what a reviewer approved, demo content.</summary>
    public static ContentActor System(string name) => new(name, new HashSet<SiteRole> { SiteRole.ClusterAdmin });

    public bool IsSystem => !Name.StartsWith("user:", StringComparison.Ordinal);

    public bool Can(ContentPermission permission) =>
        Roles.Contains(SiteRole.ClusterAdmin) || permission switch
        {
            ContentPermission.Edit => Roles.Contains(SiteRole.Editor) || Roles.Contains(SiteRole.SiteAdmin),
            ContentPermission.Review => Roles.Contains(SiteRole.Reviewer),
            ContentPermission.Withdraw => Roles.Contains(SiteRole.Reviewer) || Roles.Contains(SiteRole.SiteAdmin),
            _ => false,
        };
}

/// <summary>Builds the <see cref="ContentActor"/> for a user on the current site.</summary>
public sealed class ContentActors(SiteClusterDbContext db, TenantContext tenant, IClusterScope clusterScope)
{
    /// <summary>The user's roles on the current site, plus ClusterAdmin when they hold it on any site.</summary>
    public async Task<ContentActor> ForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var site = tenant.Site ?? throw new TenantIsolationException("Content belongs to a site; this scope has none.");
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.UserName).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No user {userId}.");
        List<(Guid TenantId, SiteRole Role)> memberships;
        using (clusterScope.Open($"roles of user {user}"))
        {
            memberships = (await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
                .Select(m => new { m.TenantId, m.Role }).ToListAsync(cancellationToken))
                .Select(m => (m.TenantId, m.Role)).ToList();
        }

        var roles = memberships.Where(m => m.TenantId == site.Id).Select(m => m.Role).ToHashSet();
        if (memberships.Any(m => m.Role == SiteRole.ClusterAdmin))
        {
            roles.Add(SiteRole.ClusterAdmin);
        }

        return new ContentActor($"user:{user}", roles);
    }
}
