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
public sealed class ContentActors(SiteAccess access, TenantContext tenant, ISiteRegistry registry)
{
    /// <summary>The user's roles on the current site (see <see cref="UserAccess.RolesOn"/>).</summary>
    public async Task<ContentActor> ForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var site = tenant.Site ?? throw new TenantIsolationException("Content belongs to a site; this scope has none.");
        var user = await access.ForUserAsync(userId, cancellationToken) ?? throw new InvalidOperationException($"No user {userId}.");
        return For(user, site);
    }

    public ContentActor For(UserAccess user, SiteInfo site) => new($"user:{user.UserName}", user.RolesOn(site, registry.Current));
}
