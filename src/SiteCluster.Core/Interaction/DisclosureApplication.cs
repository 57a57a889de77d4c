using Microsoft.AspNetCore.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

public enum ApplicantKind
{
    /// <summary>公民.</summary>
    Citizen = 1,

    /// <summary>法人或者其他组织.</summary>
    Organisation = 2,
}

/// <summary>
/// What kind of organisation applied: the columns of the national annual report's section 三
/// (2021 format, RULES.md §3).
/// </summary>
public enum OrganisationKind
{
    /// <summary>商业企业.</summary>
    Business = 1,

    /// <summary>科研机构.</summary>
    Research = 2,

    /// <summary>社会公益组织.</summary>
    NonProfit = 3,

    /// <summary>法律服务机构.</summary>
    LegalService = 4,

    /// <summary>其他.</summary>
    Other = 5,
}

/// <summary>How the application reached the site (it decides the receipt date, RULES.md §3).</summary>
public enum ApplicationChannel
{
    /// <summary>网上申请: received on the day it is confirmed (registered).</summary>
    Online = 1,

    /// <summary>当面提交: received that day.</summary>
    InPerson = 2,

    /// <summary>邮寄: received on the day the post is signed for.</summary>
    Post = 3,

    /// <summary>传真.</summary>
    Fax = 4,
}

public enum ApplicationStatus
{
    /// <summary>Submitted online, not yet confirmed: the clock has not started.</summary>
    Submitted = 1,

    /// <summary>登记: received; the reply is due by <see cref="DisclosureApplication.DueOn"/>.</summary>
    Registered = 2,

    /// <summary>补正中: the applicant was asked to amend; the clock is stopped.</summary>
    AwaitingAmendment = 3,

    /// <summary>已答复.</summary>
    Replied = 4,

    /// <summary>视为放弃: the applicant did not amend in time.</summary>
    Lapsed = 5,
}

/// <summary>The national reply categories (the annual report's rows).</summary>
public enum ApplicationOutcome
{
    /// <summary>予以公开.</summary>
    Disclosed = 1,

    /// <summary>部分公开（区分处理）.</summary>
    PartlyDisclosed = 2,

    /// <summary>不予公开 (with one of eight reasons).</summary>
    Refused = 3,

    /// <summary>无法提供 (with one of three reasons).</summary>
    CannotProvide = 4,

    /// <summary>不予处理 (with one of five reasons).</summary>
    NotProcessed = 5,

    /// <summary>其他处理 (with one of three reasons).</summary>
    Other = 6,

    /// <summary>已主动公开 (say where): counted with 予以公开 in the annual report.</summary>
    AlreadyPublic = 7,
}

/// <summary>
/// 依申请公开: one application for government information to one site, from receipt to reply,
/// with the applicant's personal data (never public; reading it is audited; anonymised after
/// the retention period).
/// </summary>
public sealed class DisclosureApplication : ITenantOwned, ITrackedRecord
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>申请编号, given to the applicant with <see cref="CodeHash"/>'s code.</summary>
    public required string TrackingNumber { get; set; }

    /// <summary>Hash of the secret query code; the code itself is shown once.</summary>
    public required string CodeHash { get; set; }

    public ApplicantKind ApplicantKind { get; set; }

    /// <summary>The organisation's kind when an organisation applied; null for citizens (and for organisations' applications made before it was asked: counted as 其他).</summary>
    public OrganisationKind? OrganisationKind { get; set; }

    /// <summary>Name of the citizen, or of the organisation.</summary>
    [PersonalData]
    public required string ApplicantName { get; set; }

    /// <summary>ID document number (citizen) or unified social credit code (organisation).</summary>
    [PersonalData]
    public required string IdentityNumber { get; set; }

    /// <summary>Legal representative or contact person (organisation).</summary>
    [PersonalData]
    public string? ContactPerson { get; set; }

    [PersonalData]
    public required string Phone { get; set; }

    [PersonalData]
    public string? Email { get; set; }

    [PersonalData]
    public string? Address { get; set; }

    /// <summary>所需信息的名称、文号或者便于查询的其他特征性描述.</summary>
    public required string Description { get; set; }

    public string? DocumentNumber { get; set; }

    /// <summary>用途 (optional).</summary>
    public string? Purpose { get; set; }

    /// <summary>纸质 / 电子邮件 / 光盘 ...: the preferred form.</summary>
    public required string PreferredFormat { get; set; }

    /// <summary>邮寄 / 电子邮件 / 自行领取 / 网上查看.</summary>
    public required string Delivery { get; set; }

    public ApplicationChannel Channel { get; set; } = ApplicationChannel.Online;

    public ApplicationStatus Status { get; set; } = ApplicationStatus.Submitted;

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>收到申请之日 (Beijing date): set on registration.</summary>
    public DateOnly? ReceivedOn { get; set; }

    /// <summary>答复期限: 20 working days after receipt (or after the amendment arrived), once extended by up to 20 more.</summary>
    public DateOnly? DueOn { get; set; }

    public DateOnly? AmendmentRequestedOn { get; set; }

    /// <summary>What the applicant must amend (补正告知).</summary>
    public string? AmendmentRequest { get; set; }

    /// <summary>The last day the applicant may amend; later, the application lapses.</summary>
    public DateOnly? AmendmentDueOn { get; set; }

    public DateOnly? AmendedOn { get; set; }

    public DateOnly? ExtendedOn { get; set; }

    public string? ExtensionReason { get; set; }

    public ApplicationOutcome? Outcome { get; set; }

    /// <summary>The reason of the outcome, from the national list for it.</summary>
    public string? OutcomeReason { get; set; }

    /// <summary>The reply (答复告知书) text shown to the applicant.</summary>
    public string? Reply { get; set; }

    /// <summary>A reply document from the site's media library.</summary>
    public Guid? ReplyMediaId { get; set; }

    public DateOnly? RepliedOn { get; set; }

    public DateTimeOffset? AnonymisedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Replied after <see cref="DueOn"/>.</summary>
    public bool RepliedLate => RepliedOn is { } replied && DueOn is { } due && replied > due;
}
