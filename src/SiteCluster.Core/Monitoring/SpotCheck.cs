using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

public enum SpotCheckStatus
{
    /// <summary>进行中: the inspector is reviewing.</summary>
    Open = 1,

    /// <summary>已完成: closed with every point judged; no further change.</summary>
    Closed = 2,
}

public enum SpotCheckVerdict
{
    /// <summary>符合.</summary>
    Conforms = 1,

    /// <summary>不符合.</summary>
    DoesNotConform = 2,
}

/// <summary>One content item drawn for review: shown with a link to its public page.</summary>
public sealed record SpotCheckItem(Guid ItemId, Guid ColumnId, string Title, DateTimeOffset? PublishedAt);

/// <summary>One checklist point as the inspector judged it.</summary>
public sealed record SpotCheckPointResult(string Code, string Text, SpotCheckVerdict? Verdict, string? Note);

/// <summary>
/// 三随机抽查: one site drawn for a manual review (对象随机), with a time window (时间随机) and the
/// items published in it that were drawn (内容随机), judged point by point against the checklist
/// of the installed rule set. A draw makes one per site drawn, sharing <see cref="DrawId"/>. Owned
/// by the site reviewed, so no other site sees it; the inspector works from the site that
/// started it (<see cref="InspectorSiteId"/>), above it.
/// </summary>
public sealed class SpotCheck : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DrawId { get; set; }

    /// <summary>The site whose office started the draw (the province, or a city for its counties).</summary>
    public Guid InspectorSiteId { get; set; }

    public required string StartedBy { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The first day of the window drawn (Beijing date).</summary>
    public DateOnly WindowStart { get; set; }

    /// <summary>The last day of the window drawn, inclusive.</summary>
    public DateOnly WindowEnd { get; set; }

    /// <summary>The items drawn (<see cref="SpotCheckItem"/> list) as JSON.</summary>
    public required string Items { get; set; }

    /// <summary>The checklist with each point's verdict and note (<see cref="SpotCheckPointResult"/> list) as JSON.</summary>
    public required string Points { get; set; }

    public SpotCheckStatus Status { get; set; } = SpotCheckStatus.Open;

    /// <summary>The inspector's overall note.</summary>
    public string? Conclusion { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }
}
