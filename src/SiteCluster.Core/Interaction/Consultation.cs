using Microsoft.AspNetCore.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>Where a consultation stands on a given day (Beijing dates).</summary>
public enum ConsultationPhase
{
    /// <summary>Not published: only the site's editors see it.</summary>
    Draft = 0,

    /// <summary>Published, its first day not reached yet (未开始).</summary>
    Upcoming = 1,

    /// <summary>征集中: comments are taken.</summary>
    Open = 2,

    /// <summary>已结束: past its deadline; waiting for, or showing, the feedback.</summary>
    Closed = 3,
}

/// <summary>
/// 意见征集: a draft policy put to the public (RULES.md §5) from <see cref="StartsOn"/> to
/// <see cref="EndsOn"/> (Beijing dates, both included), with the draft as sanitised rich text
/// and/or a document, and after it closes the feedback on what was adopted (采纳情况).
/// </summary>
public sealed class Consultation : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Title { get; set; }

    /// <summary>The draft and its explanation (征求意见稿及起草说明), sanitised HTML.</summary>
    public string? Body { get; set; }

    /// <summary>The draft as a document from the site's media library.</summary>
    public Guid? AttachmentId { get; set; }

    public string? AttachmentName { get; set; }

    /// <summary>征集单位: the office that drafts the policy and takes the comments.</summary>
    public required string Organiser { get; set; }

    public DateOnly StartsOn { get; set; }

    /// <summary>截止日期: the last day comments are taken.</summary>
    public DateOnly EndsOn { get; set; }

    /// <summary>When it was made public; null while a draft.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>采纳情况: what was adopted, and why the rest was not (plain text).</summary>
    public string? Feedback { get; set; }

    public DateTimeOffset? FeedbackPublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public ConsultationPhase PhaseOn(DateOnly today) =>
        PublishedAt is null ? ConsultationPhase.Draft
        : today < StartsOn ? ConsultationPhase.Upcoming
        : today <= EndsOn ? ConsultationPhase.Open
        : ConsultationPhase.Closed;
}

/// <summary>
/// One comment on a consultation. Never shown to the public (only how many there were); the
/// commenter's name and contact are personal data, left out of the audit log.
/// </summary>
public sealed class ConsultationComment : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ConsultationId { get; set; }

    public required string Body { get; set; }

    [PersonalData]
    public string? AuthorName { get; set; }

    /// <summary>Phone or e-mail.</summary>
    [PersonalData]
    public string? Contact { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
}
