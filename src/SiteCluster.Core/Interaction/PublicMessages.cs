using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>What a writer fills in.</summary>
public sealed record MessageForm(MessageKind Kind, string? Subject, string? Body, string? AuthorName, string? Phone, string? Email, bool AllowPublish);

/// <summary>What waits in the site's mailbox: to moderate, and accepted without a reply (with the oldest's age in working days).</summary>
public sealed record MessageAlerts(int ToModerate, int Unanswered, int OldestUnansweredWorkingDays);

/// <summary>
/// 政民互动: messages to a site, moderated before anything is shown, answered in public with
/// the date, each reply's response time kept in working days.
/// </summary>
public sealed class PublicMessages(SiteClusterDbContext db, TenantContext tenant, AuditLog audit, TimeProvider time)
{
    private SiteInfo Site => tenant.Site ?? throw new TenantIsolationException("A message belongs to a site; this scope has none.");

    public async Task<(PublicMessage Message, string Code)> SubmitAsync(MessageForm form, CancellationToken cancellationToken = default)
    {
        var errors = new FormErrors();

        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        if (email is not null && (email.Length > 200 || !email.Contains('@', StringComparison.Ordinal)))
        {
            errors.Add(nameof(form.Email), CoreText.Get("Application_Email"));
        }

        var message = new PublicMessage
        {
            Id = Guid.CreateVersion7(),
            TrackingNumber = string.Empty,
            CodeHash = string.Empty,
            Kind = Enum.IsDefined(form.Kind) ? form.Kind : MessageKind.Consultation,
            Subject = errors.Required(nameof(form.Subject), form.Subject, 100),
            Body = errors.Required(nameof(form.Body), form.Body, 3000),
            AuthorName = errors.Required(nameof(form.AuthorName), form.AuthorName, 50),
            Phone = errors.Required(nameof(form.Phone), form.Phone, 30),
            Email = email,
            AllowPublish = form.AllowPublish,
            SubmittedAt = time.GetUtcNow(),
        };
        errors.ThrowIfAny(CoreText.Get("Message_Invalid"));

        var code = QueryCodes.New();
        message.CodeHash = QueryCodes.Hash(message.Id, code);
        message.TrackingNumber = await QueryCodes.NextNumberAsync(db.PublicMessages, string.Create(CultureInfo.InvariantCulture, $"XX{BeijingTime.YearOf(message.SubmittedAt)}"), cancellationToken);
        db.PublicMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        return (message, code);
    }

    /// <summary>The site's published messages and replies, newest reply first.</summary>
    public IQueryable<PublicMessage> Published() =>
        db.PublicMessages.AsNoTracking().Where(m => m.Status == MessageStatus.Replied && m.AllowPublish).OrderByDescending(m => m.RepliedAt);

    /// <summary>What a writer sees with the message number and the code; null unless both match.</summary>
    public Task<PublicMessage?> FindForWriterAsync(string? trackingNumber, string? code, CancellationToken cancellationToken = default) =>
        QueryCodes.FindAsync(db.PublicMessages, trackingNumber, code, cancellationToken);

    /// <summary>The mailbox for handlers, without the writers' contact details.</summary>
    public IQueryable<PublicMessage> Query() => db.PublicMessages.AsNoTracking();

    /// <summary>One message with the writer's details; the opening is audited.</summary>
    public async Task<PublicMessage> OpenAsync(ContentActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var message = await db.PublicMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("Application_NotFound", id));
        audit.Record(Site.Id, AuditAction.ApplicantDataViewed, nameof(PublicMessage), id.ToString(), new { message.TrackingNumber, by = actor.Name });
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    /// <summary>审核: accepts a pending message for a reply, or rejects it with a reason the writer sees.</summary>
    public async Task<PublicMessage> ModerateAsync(ContentActor actor, Guid id, bool accept, string? reason, CancellationToken cancellationToken = default)
    {
        var message = await ForChangeAsync(actor, id, cancellationToken);
        Require(message.Status == MessageStatus.Pending, "Message_NotPending");
        Require(accept || (!string.IsNullOrWhiteSpace(reason) && reason.Length <= 500), "Message_RejectReason");
        message.Status = accept ? MessageStatus.Accepted : MessageStatus.Rejected;
        message.RejectionReason = accept ? null : reason!.Trim();
        message.ModeratedAt = time.GetUtcNow();
        message.ModeratedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    /// <summary>答复: the reply, in the office's name; its response time is kept in working days.</summary>
    public async Task<PublicMessage> ReplyAsync(ContentActor actor, Guid id, string reply, string? office, CancellationToken cancellationToken = default)
    {
        var message = await ForChangeAsync(actor, id, cancellationToken);
        Require(message.Status is MessageStatus.Accepted or MessageStatus.Replied, "Message_NotAccepted");
        Require(!string.IsNullOrWhiteSpace(reply) && reply.Length <= 5000, "Message_ReplyText");
        var calendar = await WorkCalendar.LoadAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        message.Reply = reply.Trim();
        message.ReplyingOffice = string.IsNullOrWhiteSpace(office) ? Site.Organiser : office.Trim();
        message.RepliedAt ??= now;
        message.RepliedBy = actor.Name;
        message.ResponseWorkingDays = calendar.WorkingDaysBetween(BeijingTime.DateOf(message.SubmittedAt), BeijingTime.DateOf(message.RepliedAt.Value));
        message.Status = MessageStatus.Replied;
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    public async Task<MessageAlerts> AlertsAsync(CancellationToken cancellationToken = default)
    {
        var open = await db.PublicMessages.AsNoTracking()
            .Where(m => m.Status == MessageStatus.Pending || m.Status == MessageStatus.Accepted)
            .Select(m => new { m.Status, m.SubmittedAt }).ToListAsync(cancellationToken);
        var calendar = await WorkCalendar.LoadAsync(db, cancellationToken);
        var today = BeijingTime.Today(time);
        var unanswered = open.Where(m => m.Status == MessageStatus.Accepted).ToList();
        return new MessageAlerts(
            open.Count(m => m.Status == MessageStatus.Pending),
            unanswered.Count,
            unanswered.Count == 0 ? 0 : unanswered.Max(m => calendar.WorkingDaysBetween(BeijingTime.DateOf(m.SubmittedAt), today)));
    }

    private async Task<PublicMessage> ForChangeAsync(ContentActor actor, Guid id, CancellationToken cancellationToken)
    {
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("Message_Permission"));
        }

        return await db.PublicMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("Application_NotFound", id));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InteractionException(CoreText.Get(message));
        }
    }
}
