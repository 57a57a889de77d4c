using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>What an editor writes on a consultation.</summary>
public sealed record ConsultationForm(string? Title, string? Body, Guid? AttachmentId, string? Organiser, DateOnly? StartsOn, DateOnly? EndsOn);

/// <summary>What a member of the public writes on a consultation.</summary>
public sealed record CommentForm(string? Body, string? AuthorName, string? Contact);

/// <summary>A published consultation with how many comments it received.</summary>
public sealed record ConsultationSummary(Consultation Consultation, int Comments);

/// <summary>
/// 意见征集 (RULES.md §5): an editor puts a draft policy to the public with a deadline; anyone
/// comments while it is open; after the deadline the editor publishes the feedback (采纳情况),
/// shown with the number of comments. Comments are never public; opening them is audited.
/// </summary>
public sealed class Consultations(SiteClusterDbContext db, TenantContext tenant, AuditLog audit, RichTextSanitizer sanitizer, TimeProvider time)
{
    /// <summary>The usual shortest consultation (RULES.md §5: normally at least 30 days); shorter ones are allowed, with a warning.</summary>
    public const int UsualDays = 30;

    private SiteInfo Site => tenant.Site ?? throw new TenantIsolationException("A consultation belongs to a site; this scope has none.");

    public DateOnly Today => BeijingTime.Today(time);

    /// <summary>The site's published consultations still open or not yet begun, newest first, with their comment counts.</summary>
    public async Task<IReadOnlyList<ConsultationSummary>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        return await Summaries(Published().Where(c => c.EndsOn >= today)).ToListAsync(cancellationToken);
    }

    /// <summary>One page of the site's closed consultations, newest first, with their comment counts.</summary>
    public Task<PageOf<ConsultationSummary>> ClosedAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var today = Today;
        return Summaries(Published().Where(c => c.EndsOn < today)).PageAsync(page, pageSize, cancellationToken);
    }

    private IQueryable<Consultation> Published() => db.Consultations.AsNoTracking().Where(c => c.PublishedAt != null);

    private IQueryable<ConsultationSummary> Summaries(IQueryable<Consultation> consultations) =>
        consultations.OrderByDescending(c => c.StartsOn).ThenByDescending(c => c.PublishedAt).ThenBy(c => c.Id)
            .Select(c => new ConsultationSummary(c, db.ConsultationComments.Count(m => m.ConsultationId == c.Id)));

    /// <summary>One published consultation with its comment count; null when it is not the site's or not published.</summary>
    public async Task<ConsultationSummary?> FindPublishedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var consultation = await Published().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return consultation is null ? null : new ConsultationSummary(consultation, await CountAsync(id, cancellationToken));
    }

    /// <summary>Takes a comment while the consultation is open; refuses it, saying why, before its first day and after its deadline.</summary>
    public async Task<ConsultationComment> CommentAsync(Guid id, CommentForm form, CancellationToken cancellationToken = default)
    {
        var consultation = await Published().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("Consultation_NotFound", id));
        switch (consultation.PhaseOn(Today))
        {
            case ConsultationPhase.Upcoming:
                throw new InteractionException(CoreText.Format("Consultation_NotStarted", Day(consultation.StartsOn)));
            case ConsultationPhase.Closed:
                throw new InteractionException(CoreText.Format("Consultation_Closed", Day(consultation.EndsOn)));
        }

        var errors = new FormErrors();
        var comment = new ConsultationComment
        {
            Id = Guid.CreateVersion7(),
            TenantId = Site.Id,
            ConsultationId = id,
            Body = errors.Required(nameof(form.Body), form.Body, 5000),
            AuthorName = errors.Optional(nameof(form.AuthorName), form.AuthorName, 50),
            Contact = errors.Optional(nameof(form.Contact), form.Contact, 100),
            SubmittedAt = time.GetUtcNow(),
        };
        errors.ThrowIfAny(CoreText.Get("Consultation_CommentInvalid"));

        db.ConsultationComments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        return comment;
    }

    /// <summary>Every consultation of the site, drafts too, for its editors.</summary>
    public IQueryable<Consultation> Query() => db.Consultations.AsNoTracking();

    /// <summary>How many comments each of the site's consultations received (only those with any).</summary>
    public Task<Dictionary<Guid, int>> CountsAsync(CancellationToken cancellationToken = default) =>
        db.ConsultationComments.AsNoTracking().GroupBy(c => c.ConsultationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public Task<int> CountAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.ConsultationComments.CountAsync(c => c.ConsultationId == id, cancellationToken);

    public async Task<Consultation?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Creates (<paramref name="id"/> null) or changes a consultation; a published one keeps its comments.</summary>
    public async Task<Consultation> SaveAsync(ContentActor actor, Guid? id, ConsultationForm form, CancellationToken cancellationToken = default)
    {
        RequireEditor(actor);
        var errors = new FormErrors();
        var title = errors.Required(nameof(form.Title), form.Title, 200);

        var body = string.IsNullOrWhiteSpace(form.Body) ? null : sanitizer.Sanitize(form.Body).Html;
        string? attachmentName = null;
        if (form.AttachmentId is { } media)
        {
            attachmentName = await db.MediaItems.AsNoTracking().Where(m => m.Id == media).Select(m => m.FileName).SingleOrDefaultAsync(cancellationToken);
            if (attachmentName is null)
            {
                errors.Add(nameof(form.AttachmentId), CoreText.Get("Consultation_Attachment"));
            }
        }

        if (string.IsNullOrWhiteSpace(body) && form.AttachmentId is null)
        {
            errors.Add(nameof(form.Body), CoreText.Get("Consultation_Draft"));
        }

        var organiser = string.IsNullOrWhiteSpace(form.Organiser) ? Site.Organiser : form.Organiser.Trim();
        if (organiser.Length > 200)
        {
            errors.Add(nameof(form.Organiser), CoreText.Format("Application_TooLong", 200));
        }

        if (form.StartsOn is null)
        {
            errors.Add(nameof(form.StartsOn), CoreText.Get("Application_Required"));
        }

        if (form.EndsOn is null)
        {
            errors.Add(nameof(form.EndsOn), CoreText.Get("Application_Required"));
        }
        else if (form.StartsOn is { } starts && form.EndsOn < starts)
        {
            errors.Add(nameof(form.EndsOn), CoreText.Get("Consultation_Dates"));
        }

        errors.ThrowIfAny(CoreText.Get("Consultation_Invalid"));

        var now = time.GetUtcNow();
        Consultation consultation;
        if (id is { } existing)
        {
            consultation = await db.Consultations.SingleOrDefaultAsync(c => c.Id == existing, cancellationToken)
                ?? throw new KeyNotFoundException(CoreText.Format("Consultation_NotFound", existing));
        }
        else
        {
            consultation = new Consultation { Id = Guid.CreateVersion7(), TenantId = Site.Id, Title = title, Organiser = organiser, CreatedAt = now };
            db.Consultations.Add(consultation);
        }

        consultation.Title = title;
        consultation.Body = body;
        consultation.AttachmentId = form.AttachmentId;
        consultation.AttachmentName = attachmentName;
        consultation.Organiser = organiser;
        consultation.StartsOn = form.StartsOn!.Value;
        consultation.EndsOn = form.EndsOn!.Value;
        consultation.UpdatedAt = now;
        consultation.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return consultation;
    }

    /// <summary>Makes a draft consultation public; comments are taken from its first day to its deadline.</summary>
    public async Task<Consultation> PublishAsync(ContentActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var consultation = await ForChangeAsync(actor, id, cancellationToken);
        Require(consultation.PublishedAt is null, "Consultation_AlreadyPublished");
        consultation.PublishedAt = time.GetUtcNow();
        consultation.UpdatedAt = consultation.PublishedAt.Value;
        consultation.UpdatedBy = actor.Name;
        audit.Record(Site.Id, AuditAction.Published, nameof(Consultation), id.ToString(), new { consultation.Title, consultation.StartsOn, consultation.EndsOn });
        await db.SaveChangesAsync(cancellationToken);
        return consultation;
    }

    /// <summary>采纳情况: published once the consultation has closed; it may be corrected later.</summary>
    public async Task<Consultation> PublishFeedbackAsync(ContentActor actor, Guid id, string? feedback, CancellationToken cancellationToken = default)
    {
        var consultation = await ForChangeAsync(actor, id, cancellationToken);
        Require(consultation.PhaseOn(Today) == ConsultationPhase.Closed, "Consultation_FeedbackTooEarly");
        Require(!string.IsNullOrWhiteSpace(feedback) && feedback.Trim().Length <= 10000, "Consultation_FeedbackText");
        var now = time.GetUtcNow();
        consultation.Feedback = feedback!.Trim();
        consultation.FeedbackPublishedAt ??= now;
        consultation.UpdatedAt = now;
        consultation.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return consultation;
    }

    /// <summary>The comments on a consultation, with the commenters' details, oldest first; the opening is audited.</summary>
    public async Task<IReadOnlyList<ConsultationComment>> OpenCommentsAsync(ContentActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var consultation = await FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException(CoreText.Format("Consultation_NotFound", id));
        var comments = await db.ConsultationComments.AsNoTracking().Where(c => c.ConsultationId == id).OrderBy(c => c.SubmittedAt).ToListAsync(cancellationToken);
        audit.Record(Site.Id, AuditAction.ApplicantDataViewed, nameof(Consultation), id.ToString(), new { consultation.Title, comments = comments.Count, by = actor.Name });
        await db.SaveChangesAsync(cancellationToken);
        return comments;
    }

    /// <summary>How many of the site's consultations have closed without published feedback.</summary>
    public Task<int> ClosedWithoutFeedbackAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        return db.Consultations.CountAsync(c => c.PublishedAt != null && c.EndsOn < today && c.FeedbackPublishedAt == null, cancellationToken);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static void RequireEditor(ContentActor actor)
    {
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("Consultation_Permission"));
        }
    }

    private async Task<Consultation> ForChangeAsync(ContentActor actor, Guid id, CancellationToken cancellationToken)
    {
        RequireEditor(actor);
        return await db.Consultations.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("Consultation_NotFound", id));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InteractionException(CoreText.Get(message));
        }
    }
}
