using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Audit;

public enum AuditAction
{
    Created = 1,
    Updated = 2,
    Deleted = 3,

    /// <summary>Content submitted for confidentiality review (送审).</summary>
    Submitted = 10,

    /// <summary>A reviewer approved a version (now or at a scheduled time).</summary>
    Approved = 11,

    /// <summary>A reviewer sent a version back.</summary>
    Rejected = 12,

    /// <summary>A version went live.</summary>
    Published = 13,

    /// <summary>Content taken down (撤稿).</summary>
    Withdrawn = 14,

    /// <summary>Content passed its expiry date.</summary>
    Expired = 15,

    /// <summary>An old version was restored as the latest.</summary>
    Restored = 16,

    /// <summary>A reviewer let personal data through with a stated reason (the de-identification override).</summary>
    PersonalDataOverride = 17,

    /// <summary>A published item was pushed to lower-level sites (转载).</summary>
    Pushed = 18,

    /// <summary>Someone read an applicant's personal data (依申请公开).</summary>
    ApplicantDataViewed = 19,
}

/// <summary>
/// One change, appended in the same save as the change itself: who, when, which site, which
/// row, and its values before and after. Owned by the site the row belongs to (for a site's
/// own record, that site); cluster data such as the catalogue is recorded under
/// <see cref="Guid.Empty"/>, visible in cluster scope only.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A user name, <c>recipe:{file}</c>, or <c>system</c>.</summary>
    public required string Actor { get; set; }

    public AuditAction Action { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    /// <summary>JSON of the changed values before the change; null when created.</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the changed values after the change (for a workflow action, its details); null when deleted.</summary>
    public string? After { get; set; }
}

/// <summary>Who the current scope's changes are recorded as.</summary>
public sealed class AuditContext
{
    public string Actor { get; set; } = "system";
}
