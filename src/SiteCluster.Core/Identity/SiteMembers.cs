using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Identity;

/// <summary>One user's role on the current site, as the site's users page lists it.</summary>
public sealed record SiteMember(Guid MembershipId, Guid UserId, string UserName, string? DisplayName, SiteRole Role, bool TwoFactorEnabled, bool LockedOut);

public enum SiteMemberProblem
{
    /// <summary>The granting user may not hand out this role here.</summary>
    RoleNotAllowed,

    /// <summary>A new account needs a user name.</summary>
    UserNameRequired,

    /// <summary>No such account, and no password was given to create it.</summary>
    PasswordRequired,

    /// <summary>The user already has the role here.</summary>
    AlreadyMember,

    /// <summary>The last site administrator of a site cannot be removed.</summary>
    LastSiteAdmin,

    /// <summary>The account could not be created; <see cref="SiteMemberException.IdentityErrors"/> says why.</summary>
    AccountRefused,
}

/// <summary>A refused change to a site's users; nothing was changed.</summary>
public sealed class SiteMemberException(SiteMemberProblem problem, IReadOnlyList<IdentityError>? identityErrors = null)
    : Exception($"The change to the site's users was refused: {problem}.")
{
    public SiteMemberProblem Problem { get; } = problem;

    public IReadOnlyList<IdentityError> IdentityErrors { get; } = identityErrors ?? [];
}

/// <summary>
/// The users of the current site and their roles. A site administrator hands out SiteAdmin,
/// Editor and Reviewer on their site; only a ClusterAdmin hands out Supervisor, and
/// ClusterAdmin itself only on a root site. Accounts are the cluster's (统一用户管理): granting a
/// role to an existing user name reuses that account, a new name creates it with the given
/// password under the password policy.
/// </summary>
public sealed class SiteMembers(SiteClusterDbContext db, TenantContext tenant, UserManager<SiteUser> users, TimeProvider time)
{
    private SiteInfo Site => tenant.Site ?? throw new TenantIsolationException("Site users are managed in a site's scope.");

    /// <summary>The roles <paramref name="granter"/> (holding these roles on the site) may hand out on it.</summary>
    public IReadOnlyList<SiteRole> GrantableBy(IReadOnlySet<SiteRole> granter)
    {
        if (granter.Contains(SiteRole.ClusterAdmin))
        {
            return Site.ParentId is null
                ? [SiteRole.SiteAdmin, SiteRole.Editor, SiteRole.Reviewer, SiteRole.Supervisor, SiteRole.ClusterAdmin]
                : [SiteRole.SiteAdmin, SiteRole.Editor, SiteRole.Reviewer, SiteRole.Supervisor];
        }

        return granter.Contains(SiteRole.SiteAdmin) ? [SiteRole.SiteAdmin, SiteRole.Editor, SiteRole.Reviewer] : [];
    }

    public async Task<IReadOnlyList<SiteMember>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var rows = await db.Memberships.AsNoTracking()
            .Join(db.Users.AsNoTracking(), m => m.UserId, u => u.Id, (m, u) => new { m.Id, u, m.Role })
            .ToListAsync(cancellationToken);
        return
        [
            .. rows.Select(r => new SiteMember(r.Id, r.u.Id, r.u.UserName!, r.u.DisplayName, r.Role, r.u.TwoFactorEnabled, r.u.LockoutEnd > now))
                .OrderBy(m => m.UserName, StringComparer.Ordinal).ThenBy(m => m.Role),
        ];
    }

    /// <summary>Gives <paramref name="userName"/> a role on the site, creating the account when the name is new.</summary>
    /// <exception cref="SiteMemberException">The role is not the granter's to give, or the account is refused.</exception>
    public async Task<SiteMember> GrantAsync(IReadOnlySet<SiteRole> granter, string? userName, SiteRole role, string? newPassword, string? displayName, CancellationToken cancellationToken = default)
    {
        if (!GrantableBy(granter).Contains(role))
        {
            throw new SiteMemberException(SiteMemberProblem.RoleNotAllowed);
        }

        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new SiteMemberException(SiteMemberProblem.UserNameRequired);
        }

        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            if (string.IsNullOrEmpty(newPassword))
            {
                throw new SiteMemberException(SiteMemberProblem.PasswordRequired);
            }

            user = new SiteUser { Id = Guid.CreateVersion7(), UserName = userName.Trim(), DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim() };
            var created = await users.CreateAsync(user, newPassword);
            if (!created.Succeeded)
            {
                throw new SiteMemberException(SiteMemberProblem.AccountRefused, [.. created.Errors]);
            }
        }
        else if (await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.Role == role, cancellationToken))
        {
            throw new SiteMemberException(SiteMemberProblem.AlreadyMember);
        }

        var membership = new Membership { Id = Guid.CreateVersion7(), TenantId = Site.Id, UserId = user.Id, Role = role, CreatedAt = time.GetUtcNow() };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync(cancellationToken);
        return new SiteMember(membership.Id, user.Id, user.UserName!, user.DisplayName, role, user.TwoFactorEnabled, false);
    }

    /// <summary>Takes a role away; the account stays (it may work on other sites).</summary>
    /// <exception cref="SiteMemberException">Not the granter's role to take, or the site's last SiteAdmin.</exception>
    public async Task<SiteMember?> RevokeAsync(IReadOnlySet<SiteRole> granter, Guid membershipId, CancellationToken cancellationToken = default)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null)
        {
            return null;
        }

        if (!GrantableBy(granter).Contains(membership.Role))
        {
            throw new SiteMemberException(SiteMemberProblem.RoleNotAllowed);
        }

        if (membership.Role == SiteRole.SiteAdmin
            && await db.Memberships.CountAsync(m => m.Role == SiteRole.SiteAdmin, cancellationToken) == 1
            && !granter.Contains(SiteRole.ClusterAdmin))
        {
            throw new SiteMemberException(SiteMemberProblem.LastSiteAdmin);
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == membership.UserId, cancellationToken);
        db.Memberships.Remove(membership);
        await db.SaveChangesAsync(cancellationToken);
        return new SiteMember(membership.Id, user.Id, user.UserName!, user.DisplayName, membership.Role, user.TwoFactorEnabled, false);
    }
}
