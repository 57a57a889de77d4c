using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>What an applicant fills in on the public form.</summary>
public sealed record ApplicationForm
{
    public ApplicantKind ApplicantKind { get; init; } = ApplicantKind.Citizen;

    /// <summary>Required when an organisation applies.</summary>
    public OrganisationKind? OrganisationKind { get; init; }

    public string? ApplicantName { get; init; }

    public string? IdentityNumber { get; init; }

    public string? ContactPerson { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? Address { get; init; }

    public string? Description { get; init; }

    public string? DocumentNumber { get; init; }

    public string? Purpose { get; init; }

    public string? PreferredFormat { get; init; }

    public string? Delivery { get; init; }
}

/// <summary>A refused form or action of 政民互动 or 依申请公开, with what was wrong per field (the form shows each next to its field).</summary>
public sealed class InteractionException(string message, IReadOnlyDictionary<string, string>? fields = null) : Exception(message)
{
    public IReadOnlyDictionary<string, string> Fields { get; } = fields ?? new Dictionary<string, string>();
}

/// <summary>What the dashboard warns about: replies overdue or due within a few working days, and applications not yet registered.</summary>
public sealed record ApplicationAlerts(int Overdue, int DueSoon, int Unregistered, int AwaitingAmendment);

/// <summary>
/// 依申请公开 from submission to reply, by the regulation's working-day rules (RULES.md §3): the
/// reply is due 20 working days after receipt; an amendment (补正) may be asked for once within 7
/// working days of receipt and stops the clock, which starts again in full when the amended
/// application arrives; one extension of at most 20 working days; every national outcome.
/// </summary>
public sealed class DisclosureApplications(
    SiteClusterDbContext db,
    TenantContext tenant,
    IClusterScope clusterScope,
    AuditLog audit,
    TimeProvider time,
    IOptions<SiteClusterOptions> options)
{
    public const int ReplyWorkingDays = 20;
    public const int AmendmentRequestWorkingDays = 7;
    public const int ExtensionWorkingDays = 20;
    public const int DueSoonWorkingDays = 5;

    /// <summary>The reasons the national annual report counts under each outcome that needs one.</summary>
    public static readonly IReadOnlyDictionary<ApplicationOutcome, IReadOnlyList<string>> Reasons = new Dictionary<ApplicationOutcome, IReadOnlyList<string>>
    {
        [ApplicationOutcome.Refused] =
        [
            "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
            "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项",
        ],
        [ApplicationOutcome.CannotProvide] = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
        [ApplicationOutcome.NotProcessed] = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"],
        [ApplicationOutcome.Other] = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"],
    };

    private SiteInfo Site => tenant.Site ?? throw new TenantIsolationException("An application belongs to a site; this scope has none.");

    private InteractionOptions Options => options.Value.Interaction;

    public DateOnly Today => BeijingTime.Today(time);

    /// <summary>Takes an application from the public form; returns it with its secret query code (shown once, stored hashed).</summary>
    public async Task<(DisclosureApplication Application, string Code)> SubmitAsync(ApplicationForm form, CancellationToken cancellationToken = default)
    {
        var errors = new FormErrors();
        var name = errors.Required(nameof(form.ApplicantName), form.ApplicantName, 100);
        var identity = errors.Required(nameof(form.IdentityNumber), form.IdentityNumber, 30).ToUpperInvariant();
        if (identity.Length > 0 && !(identity.Length is 15 or 18 && identity.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))))
        {
            errors.Add(nameof(form.IdentityNumber), CoreText.Get(form.ApplicantKind == ApplicantKind.Citizen ? "Application_IdNumber" : "Application_CreditCode"));
        }

        var contact = errors.Optional(nameof(form.ContactPerson), form.ContactPerson, 100);
        if (form.ApplicantKind == ApplicantKind.Organisation && contact is null)
        {
            errors.Add(nameof(form.ContactPerson), CoreText.Get("Application_Required"));
        }

        if (form.ApplicantKind == ApplicantKind.Organisation && form.OrganisationKind is null)
        {
            errors.Add(nameof(form.OrganisationKind), CoreText.Get("Application_OrganisationKind"));
        }

        var phone = errors.Required(nameof(form.Phone), form.Phone, 30);
        var email = errors.Optional(nameof(form.Email), form.Email, 200);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(nameof(form.Email), CoreText.Get("Application_Email"));
        }

        var application = new DisclosureApplication
        {
            Id = Guid.CreateVersion7(),
            TrackingNumber = string.Empty,
            CodeHash = string.Empty,
            ApplicantKind = form.ApplicantKind,
            OrganisationKind = form.ApplicantKind == ApplicantKind.Organisation ? form.OrganisationKind : null,
            ApplicantName = name,
            IdentityNumber = identity,
            ContactPerson = contact,
            Phone = phone,
            Email = email,
            Address = errors.Optional(nameof(form.Address), form.Address, 300),
            Description = errors.Required(nameof(form.Description), form.Description, 2000),
            DocumentNumber = errors.Optional(nameof(form.DocumentNumber), form.DocumentNumber, 100),
            Purpose = errors.Optional(nameof(form.Purpose), form.Purpose, 500),
            PreferredFormat = errors.Required(nameof(form.PreferredFormat), form.PreferredFormat, 50),
            Delivery = errors.Required(nameof(form.Delivery), form.Delivery, 50),
            Channel = ApplicationChannel.Online,
            SubmittedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        };
        errors.ThrowIfAny(CoreText.Get("Application_Invalid"));

        var code = QueryCodes.New();
        application.CodeHash = QueryCodes.Hash(application.Id, code);
        var year = BeijingTime.YearOf(application.SubmittedAt);
        application.TrackingNumber = await QueryCodes.NextNumberAsync(db.DisclosureApplications, string.Create(CultureInfo.InvariantCulture, $"YSQ{year}"), cancellationToken);
        db.DisclosureApplications.Add(application);
        await db.SaveChangesAsync(cancellationToken);
        return (application, code);
    }

    /// <summary>What an applicant sees with the tracking number and the code; null unless both match.</summary>
    public Task<DisclosureApplication?> FindForApplicantAsync(string? trackingNumber, string? code, CancellationToken cancellationToken = default) =>
        QueryCodes.FindAsync(db.DisclosureApplications, trackingNumber, code, cancellationToken);

    /// <summary>The site's applications, newest first, without reading personal data into the log.</summary>
    public IQueryable<DisclosureApplication> Query() => db.DisclosureApplications.AsNoTracking();

    /// <summary>One application with the applicant's data, for someone who handles it; the reading is audited.</summary>
    public async Task<DisclosureApplication> OpenAsync(ContentActor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var application = await db.DisclosureApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("Application_NotFound", id));
        audit.Record(Site.Id, AuditAction.ApplicantDataViewed, nameof(DisclosureApplication), id.ToString(), new { application.TrackingNumber, by = actor.Name });
        await db.SaveChangesAsync(cancellationToken);
        return application;
    }

    /// <summary>登记: the application is received on <paramref name="receivedOn"/>; its reply is due 20 working days later.</summary>
    public async Task<DisclosureApplication> RegisterAsync(ContentActor actor, Guid id, DateOnly receivedOn, ApplicationChannel channel, CancellationToken cancellationToken = default)
    {
        var application = await ForChangeAsync(actor, id, cancellationToken);
        Require(application.Status == ApplicationStatus.Submitted, "Application_NotSubmitted");
        Require(receivedOn <= Today && receivedOn >= BeijingTime.DateOf(application.SubmittedAt), "Application_ReceivedDate");
        application.Channel = channel;
        application.ReceivedOn = receivedOn;
        application.DueOn = (await CalendarAsync(cancellationToken)).AddWorkingDays(receivedOn, ReplyWorkingDays);
        application.Status = ApplicationStatus.Registered;
        return await SaveAsync(application, cancellationToken);
    }

    /// <summary>补正: asks the applicant once, within 7 working days of receipt, to amend; the clock stops until the amendment arrives.</summary>
    public async Task<DisclosureApplication> RequestAmendmentAsync(ContentActor actor, Guid id, string request, CancellationToken cancellationToken = default)
    {
        var application = await ForChangeAsync(actor, id, cancellationToken);
        var calendar = await CalendarAsync(cancellationToken);
        Require(application.Status == ApplicationStatus.Registered && application.AmendmentRequestedOn is null, "Application_AmendOnce");
        Require(Today <= calendar.AddWorkingDays(application.ReceivedOn!.Value, AmendmentRequestWorkingDays), "Application_AmendLate");
        Require(!string.IsNullOrWhiteSpace(request) && request.Length <= 1000, "Application_AmendRequest");
        application.AmendmentRequestedOn = Today;
        application.AmendmentRequest = request.Trim();
        application.AmendmentDueOn = calendar.AddWorkingDays(Today, Options.AmendmentWorkingDays);
        application.DueOn = null;
        application.Status = ApplicationStatus.AwaitingAmendment;
        return await SaveAsync(application, cancellationToken);
    }

    /// <summary>The amended application arrived on <paramref name="amendedOn"/>: the 20 working days start again from it.</summary>
    public async Task<DisclosureApplication> RecordAmendmentAsync(ContentActor actor, Guid id, DateOnly amendedOn, CancellationToken cancellationToken = default)
    {
        var application = await ForChangeAsync(actor, id, cancellationToken);
        Require(application.Status == ApplicationStatus.AwaitingAmendment, "Application_NotAwaiting");
        Require(amendedOn >= application.AmendmentRequestedOn!.Value && amendedOn <= Today && amendedOn <= application.AmendmentDueOn!.Value, "Application_AmendedDate");
        application.AmendedOn = amendedOn;
        application.DueOn = (await CalendarAsync(cancellationToken)).AddWorkingDays(amendedOn, ReplyWorkingDays);
        application.Status = ApplicationStatus.Registered;
        return await SaveAsync(application, cancellationToken);
    }

    /// <summary>延期: once, before the reply is due, with a reason: 20 more working days.</summary>
    public async Task<DisclosureApplication> ExtendAsync(ContentActor actor, Guid id, string reason, CancellationToken cancellationToken = default)
    {
        var application = await ForChangeAsync(actor, id, cancellationToken);
        Require(application.Status == ApplicationStatus.Registered && application.ExtendedOn is null, "Application_ExtendOnce");
        Require(Today <= application.DueOn!.Value, "Application_ExtendLate");
        Require(!string.IsNullOrWhiteSpace(reason) && reason.Length <= 1000, "Application_ExtendReason");
        application.ExtendedOn = Today;
        application.ExtensionReason = reason.Trim();
        application.DueOn = (await CalendarAsync(cancellationToken)).AddWorkingDays(application.DueOn.Value, ExtensionWorkingDays);
        return await SaveAsync(application, cancellationToken);
    }

    /// <summary>答复: the outcome (with its national reason where it has one), the reply text and optionally a document.</summary>
    public async Task<DisclosureApplication> ReplyAsync(
        ContentActor actor, Guid id, ApplicationOutcome outcome, string? reason, string reply, Guid? documentId, CancellationToken cancellationToken = default)
    {
        var application = await ForChangeAsync(actor, id, cancellationToken);
        Require(application.Status == ApplicationStatus.Registered, "Application_NotRegistered");
        Require(Reasons.TryGetValue(outcome, out var reasons) ? reason is not null && reasons.Contains(reason) : reason is null, "Application_Reason");
        Require(!string.IsNullOrWhiteSpace(reply) && reply.Length <= 10000, "Application_ReplyText");
        if (documentId is { } media)
        {
            Require(await db.MediaItems.AnyAsync(m => m.Id == media, cancellationToken), "Application_ReplyDocument");
        }

        application.Outcome = outcome;
        application.OutcomeReason = reason;
        application.Reply = reply.Trim();
        application.ReplyMediaId = documentId;
        application.RepliedOn = Today;
        application.Status = ApplicationStatus.Replied;
        return await SaveAsync(application, cancellationToken);
    }

    /// <summary>The dashboard's warnings for the current site.</summary>
    public async Task<ApplicationAlerts> AlertsAsync(CancellationToken cancellationToken = default)
    {
        var calendar = await CalendarAsync(cancellationToken);
        var today = Today;
        var soon = calendar.AddWorkingDays(today, DueSoonWorkingDays);
        var open = await db.DisclosureApplications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.Registered || a.Status == ApplicationStatus.AwaitingAmendment)
            .Select(a => new { a.Status, a.DueOn })
            .ToListAsync(cancellationToken);
        return new ApplicationAlerts(
            open.Count(a => a.Status == ApplicationStatus.Registered && a.DueOn < today),
            open.Count(a => a.Status == ApplicationStatus.Registered && a.DueOn >= today && a.DueOn <= soon),
            open.Count(a => a.Status == ApplicationStatus.Submitted),
            open.Count(a => a.Status == ApplicationStatus.AwaitingAmendment));
    }

    /// <summary>
    /// Daily upkeep across every site: applications whose amendment period passed lapse (视为放弃,
    /// counted as 其他处理); applicants' data past the retention period is anonymised. Returns both counts.
    /// </summary>
    public async Task<(int Lapsed, int Anonymised)> UpkeepAsync(CancellationToken cancellationToken = default)
    {
        using var scope = clusterScope.Open("disclosure applications upkeep");
        var today = Today;
        var lapsing = await db.DisclosureApplications
            .Where(a => a.Status == ApplicationStatus.AwaitingAmendment && a.AmendmentDueOn < today).ToListAsync(cancellationToken);
        foreach (var application in lapsing)
        {
            application.Status = ApplicationStatus.Lapsed;
            application.Outcome = ApplicationOutcome.Other;
            application.OutcomeReason = Reasons[ApplicationOutcome.Other][0];
            application.RepliedOn = today;
            application.UpdatedAt = time.GetUtcNow();
        }

        var cutoff = today.AddDays(-Options.ApplicantDataRetentionDays);
        var expired = await db.DisclosureApplications
            .Where(a => a.AnonymisedAt == null && (a.Status == ApplicationStatus.Replied || a.Status == ApplicationStatus.Lapsed) && a.RepliedOn < cutoff)
            .ToListAsync(cancellationToken);
        var anonymous = CoreText.Get("Application_Anonymised");
        foreach (var application in expired)
        {
            application.ApplicantName = anonymous;
            application.IdentityNumber = anonymous;
            application.ContactPerson = null;
            application.Phone = anonymous;
            application.Email = null;
            application.Address = null;
            application.AnonymisedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        return (lapsing.Count, expired.Count);
    }

    /// <summary>The national reply categories with their reasons, for the admin's reply form.</summary>
    public static IEnumerable<ApplicationOutcome> Outcomes => Enum.GetValues<ApplicationOutcome>();

    private async Task<DisclosureApplication> ForChangeAsync(ContentActor actor, Guid id, CancellationToken cancellationToken)
    {
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("Application_Permission"));
        }

        return await db.DisclosureApplications.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new KeyNotFoundException(CoreText.Format("Application_NotFound", id));
    }

    private async Task<DisclosureApplication> SaveAsync(DisclosureApplication application, CancellationToken cancellationToken)
    {
        application.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return application;
    }

    private Task<WorkCalendar> CalendarAsync(CancellationToken cancellationToken) => WorkCalendar.LoadAsync(db, cancellationToken);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InteractionException(CoreText.Get(message));
        }
    }
}
