using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Items;

/// <summary>What the public sees of an item.</summary>
public enum ContentStatus
{
    /// <summary>Never published.</summary>
    Draft = 1,

    Published = 2,

    /// <summary>Taken down (撤稿); kept with its history.</summary>
    Withdrawn = 3,

    /// <summary>Past its expiry date (失效日期): shown as 已失效 or hidden, per site setting.</summary>
    Expired = 4,
}

/// <summary>Where the item's latest version is in confidentiality review (保密审查).</summary>
public enum ReviewState
{
    /// <summary>Nothing waits for a reviewer (a draft being written, or the latest version is live).</summary>
    None = 0,

    /// <summary>Submitted: the <see cref="ContentItem.ReviewVersion"/> waits for a reviewer.</summary>
    Submitted = 1,

    /// <summary>Approved to go live at <see cref="ContentItem.ScheduledAt"/>.</summary>
    Scheduled = 2,

    /// <summary>Sent back with the reviewer's comment.</summary>
    Rejected = 3,
}

/// <summary>公开属性.</summary>
public enum DisclosureAttribute
{
    /// <summary>主动公开: the only attribute shown publicly.</summary>
    Proactive = 1,

    /// <summary>依申请公开.</summary>
    OnApplication = 2,

    /// <summary>不予公开.</summary>
    NotDisclosed = 3,

    /// <summary>删减后公开.</summary>
    AfterRedaction = 4,

    /// <summary>脱密后公开.</summary>
    AfterDeclassification = 5,
}

/// <summary>Why an item is not proactively disclosed (RULES.md §4).</summary>
public enum NonDisclosureReason
{
    /// <summary>国家秘密.</summary>
    StateSecret = 1,

    /// <summary>商业秘密.</summary>
    CommercialSecret = 2,

    /// <summary>个人隐私.</summary>
    PersonalPrivacy = 3,

    /// <summary>过程中信息.</summary>
    ProcessInformation = 4,

    /// <summary>内部管理信息.</summary>
    InternalManagement = 5,

    /// <summary>危及“三安全一稳定”.</summary>
    SecurityAndStability = 6,

    /// <summary>其他 (explained in the note).</summary>
    Other = 7,
}

/// <summary>A file from the site's media library attached to an item, under the name readers see.</summary>
public sealed record ContentAttachment(Guid MediaId, string Name);

/// <summary>
/// One piece of content of a site, of a declared content type. Its columns hold what is live
/// (or, before the first publish, the latest draft); every save is a <see cref="ContentVersion"/>,
/// and publishing copies the approved version into these columns in one transaction.
/// </summary>
public sealed class ContentItem : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ColumnId { get; set; }

    public required string ContentType { get; set; }

    public ContentStatus Status { get; set; } = ContentStatus.Draft;

    public ReviewState Review { get; set; }

    public required string Title { get; set; }

    /// <summary>内容概述.</summary>
    public string? Summary { get; set; }

    /// <summary>Sanitised HTML.</summary>
    public string? Body { get; set; }

    /// <summary>Type-specific values as JSON, validated against the content type.</summary>
    public string Fields { get; set; } = "{}";

    public List<ContentAttachment> Attachments { get; set; } = [];

    /// <summary>索引号: given on first publish, never changed.</summary>
    public string? IndexNumber { get; set; }

    /// <summary>发布机构 (发文机关).</summary>
    public string? Publisher { get; set; }

    /// <summary>文号, e.g. 临民发〔2018〕12号.</summary>
    public string? DocumentNumber { get; set; }

    /// <summary>成文日期.</summary>
    public DateOnly? WrittenDate { get; set; }

    /// <summary>发布日期: when it first went live.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>生效日期.</summary>
    public DateOnly? EffectiveDate { get; set; }

    /// <summary>失效日期: from this day (Beijing time) the item is expired.</summary>
    public DateOnly? ExpiryDate { get; set; }

    /// <summary>主题分类.</summary>
    public string? TopicCategory { get; set; }

    /// <summary>体裁分类.</summary>
    public string? GenreCategory { get; set; }

    /// <summary>服务对象.</summary>
    public string? Audience { get; set; }

    /// <summary>主题词, separated by spaces.</summary>
    public string? Keywords { get; set; }

    /// <summary>信息来源.</summary>
    public string? Source { get; set; }

    public DisclosureAttribute Disclosure { get; set; } = DisclosureAttribute.Proactive;

    public NonDisclosureReason? DisclosureReason { get; set; }

    /// <summary>The stated reason in words (required with any attribute but 主动公开).</summary>
    public string? DisclosureNote { get; set; }

    /// <summary>The latest saved version number.</summary>
    public int CurrentVersion { get; set; }

    /// <summary>The version that is live; null before the first publish.</summary>
    public int? PublishedVersion { get; set; }

    /// <summary>The version submitted for review or scheduled.</summary>
    public int? ReviewVersion { get; set; }

    /// <summary>When a scheduled version goes live.</summary>
    public DateTimeOffset? ScheduledAt { get; set; }

    public string? SubmittedBy { get; set; }

    /// <summary>The reviewer's last comment (on rejection or approval).</summary>
    public string? ReviewComment { get; set; }

    /// <summary>A reviewer let the scheduled version go live despite personal-data findings; this is why (also in the audit log).</summary>
    public string? PersonalDataOverride { get; set; }

    /// <summary>Stable key of an item created by a recipe or an import, unique per site.</summary>
    public string? ImportKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool HasUnpublishedChanges => PublishedVersion is null || CurrentVersion != PublishedVersion;
}

/// <summary>One saved state of an item: every save adds one, and any can be restored.</summary>
public sealed class ContentVersion : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ItemId { get; set; }

    public int Number { get; set; }

    /// <summary>The whole <see cref="ContentDraft"/> as JSON.</summary>
    public required string Snapshot { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>What made this version, e.g. 保存 or 恢复自第 3 版.</summary>
    public string? Note { get; set; }
}

/// <summary>
/// A live reference from one item's field to another item of the same site (an
/// interpretation's policy), kept for the published versions so both ends can show it.
/// </summary>
public sealed class ContentRelation : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid FromItemId { get; set; }

    /// <summary>The field of the source item's type.</summary>
    public required string Field { get; set; }

    public Guid ToItemId { get; set; }
}
