using Microsoft.AspNetCore.Identity;

namespace SiteCluster.Core.Identity;

/// <summary>An account of the cluster's unified user management (统一用户管理).</summary>
public sealed class SiteUser : IdentityUser<Guid>
{
    public string? DisplayName { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}
