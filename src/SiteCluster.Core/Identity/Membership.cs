using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Identity;

/// <summary>A user's role on one site. Owned by that site.</summary>
public sealed class Membership : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    public SiteRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum SiteRole
{
    /// <summary>Everything on every site; held on the root (provincial) site.</summary>
    ClusterAdmin = 1,

    /// <summary>Read-only over the site and its descendants (a city office sees its counties).</summary>
    Supervisor = 2,

    /// <summary>One site, including its users.</summary>
    SiteAdmin = 3,

    /// <summary>Content of one site.</summary>
    Editor = 4,

    /// <summary>保密审查 and overrides on one site.</summary>
    Reviewer = 5,
}
