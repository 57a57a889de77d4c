using Microsoft.AspNetCore.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>What a message to a site is (政民互动).</summary>
public enum MessageKind
{
    /// <summary>领导信箱.</summary>
    Mailbox = 1,

    /// <summary>咨询.</summary>
    Consultation = 2,

    /// <summary>建议.</summary>
    Suggestion = 3,
}

public enum MessageStatus
{
    /// <summary>待审核: nobody has looked at it; never shown.</summary>
    Pending = 1,

    /// <summary>已受理: accepted by a moderator, waiting for the reply.</summary>
    Accepted = 2,

    /// <summary>不予受理 (abuse, advertising, not for this office): never shown.</summary>
    Rejected = 3,

    /// <summary>已回复.</summary>
    Replied = 4,
}

/// <summary>
/// A message from the public to a site (领导信箱, 咨询, 建议): moderated before anything is shown,
/// answered in public (when the writer allowed it) with the date, its response time kept for
/// the inspection rule on unanswered messages. The writer's contact details are never shown.
/// </summary>
public sealed class PublicMessage : ITenantOwned, ITrackedRecord
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>信件编号, given to the writer with a query code.</summary>
    public required string TrackingNumber { get; set; }

    public required string CodeHash { get; set; }

    public MessageKind Kind { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    [PersonalData]
    public required string AuthorName { get; set; }

    [PersonalData]
    public required string Phone { get; set; }

    [PersonalData]
    public string? Email { get; set; }

    /// <summary>The writer allows the message and its reply to be published (without their name).</summary>
    public bool AllowPublish { get; set; }

    public MessageStatus Status { get; set; } = MessageStatus.Pending;

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? ModeratedAt { get; set; }

    public string? ModeratedBy { get; set; }

    /// <summary>Why it was not accepted (shown to the writer on the status page).</summary>
    public string? RejectionReason { get; set; }

    public string? Reply { get; set; }

    /// <summary>答复单位.</summary>
    public string? ReplyingOffice { get; set; }

    public DateTimeOffset? RepliedAt { get; set; }

    public string? RepliedBy { get; set; }

    /// <summary>Working days from submission to reply (Beijing dates), kept with the reply.</summary>
    public int? ResponseWorkingDays { get; set; }

    /// <summary>Shown on the public site: replied, and the writer allowed it.</summary>
    public bool IsPublic => Status == MessageStatus.Replied && AllowPublish;
}
