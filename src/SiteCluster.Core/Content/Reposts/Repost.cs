using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Reposts;

public enum RepostState
{
    /// <summary>Shown in the receiving column.</summary>
    Shown = 1,

    /// <summary>In the receiving site's repost inbox, waiting for its webmaster.</summary>
    Pending = 2,

    /// <summary>Refused by the receiving site.</summary>
    Rejected = 3,

    /// <summary>Taken off the receiving site's pages by its webmaster after being shown.</summary>
    Hidden = 4,
}

public enum RepostOrigin
{
    Push = 1,
    Subscription = 2,
}

/// <summary>
/// 转载: a live reference from a receiving site's column to an item of a higher-level site. No
/// content is copied: the receiving site shows the source item as it is now, marked 来源, and
/// stops showing it when the source withdraws it. Owned by the receiving site.
/// </summary>
public sealed class Repost : ITenantOwned
{
    public Guid Id { get; set; }

    /// <summary>The receiving site.</summary>
    public Guid TenantId { get; set; }

    public Guid SourceSiteId { get; set; }

    public Guid SourceItemId { get; set; }

    /// <summary>The receiving site's column it appears in.</summary>
    public Guid ColumnId { get; set; }

    public RepostState State { get; set; }

    public RepostOrigin Origin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }
}
