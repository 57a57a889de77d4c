using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Interaction;

/// <summary>
/// <c>interaction</c>: example applications (依申请公开, already registered and maybe replied) and
/// consultations (意见征集, published, with a number of anonymous comments and maybe feedback) for
/// one site, so a demo shows what the annual report counts and what the public pages look like.
/// Applications are matched by their number, consultations by their title; existing ones are
/// left as they are. Nobody can follow a demo application: its query code is never shown.
/// </summary>
public sealed class InteractionStep(TimeProvider time) : RecipeStep<InteractionStep.Data>
{
    public override string Name => "interaction";

    public sealed class Data : RecipeStepData
    {
        public string? Site { get; set; }

        public List<DemoApplication>? Applications { get; set; }

        public List<DemoConsultation>? Consultations { get; set; }
    }

    public sealed class DemoApplication
    {
        /// <summary>The tracking number, e.g. <c>YSQ2026D001</c>.</summary>
        public string? Number { get; set; }

        public ApplicantKind Kind { get; set; } = ApplicantKind.Citizen;

        /// <summary>For an organisation: 商业企业, 科研机构 … (<see cref="Interaction.OrganisationKind"/>); 其他 when left out.</summary>
        public OrganisationKind? OrganisationKind { get; set; }

        public string? Description { get; set; }

        public string? Received { get; set; }

        public string? Replied { get; set; }

        public ApplicationOutcome? Outcome { get; set; }

        public string? Reason { get; set; }

        public string? Reply { get; set; }
    }

    public sealed class DemoConsultation
    {
        public string? Title { get; set; }

        public string? Body { get; set; }

        public string? Organiser { get; set; }

        public string? Starts { get; set; }

        public string? Ends { get; set; }

        public int Comments { get; set; }

        public string? Feedback { get; set; }
    }

    protected override Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (data.Site is null || !validation.Sites.ContainsKey(data.Site))
        {
            validation.AddError("site", $"'{data.Site}' is not a site of the cluster or of this recipe");
        }

        var numbers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (data.Applications?.Count ?? 0); i++)
        {
            var application = data.Applications![i];
            var field = $"applications[{i}]";
            if (application.Number is not { Length: > 0 and <= 32 } number || !numbers.Add(number))
            {
                validation.AddError($"{field}.number", "is required, at most 32 characters, once per step");
            }

            if (string.IsNullOrWhiteSpace(application.Description))
            {
                validation.AddError($"{field}.description", "is required");
            }

            if (Day(application.Received) is not { } received)
            {
                validation.AddError($"{field}.received", "must be a date (yyyy-MM-dd)");
                continue;
            }

            if (application.Replied is not null || application.Outcome is not null)
            {
                if (Day(application.Replied) is not { } replied || replied < received)
                {
                    validation.AddError($"{field}.replied", "must be a date (yyyy-MM-dd) not before received");
                }

                if (application.Outcome is not { } outcome || !Enum.IsDefined(outcome))
                {
                    validation.AddError($"{field}.outcome", "is required with replied: " + string.Join(", ", Enum.GetNames<ApplicationOutcome>()));
                }
                else if (DisclosureApplications.Reasons.TryGetValue(outcome, out var reasons)
                    ? application.Reason is null || !reasons.Contains(application.Reason)
                    : application.Reason is not null)
                {
                    validation.AddError($"{field}.reason", reasons is null ? "is only given with an outcome that has reasons" : "must be one of: " + string.Join("; ", reasons));
                }
            }
        }

        for (var i = 0; i < (data.Consultations?.Count ?? 0); i++)
        {
            var consultation = data.Consultations![i];
            var field = $"consultations[{i}]";
            if (string.IsNullOrWhiteSpace(consultation.Title) || consultation.Title.Length > 200)
            {
                validation.AddError($"{field}.title", "is required, at most 200 characters");
            }

            if (Day(consultation.Starts) is not { } starts || Day(consultation.Ends) is not { } ends || ends < starts)
            {
                validation.AddError(field, "starts and ends must be dates (yyyy-MM-dd), ends not before starts");
            }

            if (consultation.Comments is < 0 or > 1000)
            {
                validation.AddError($"{field}.comments", "must be from 0 to 1000");
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Slug == data.Site, cancellationToken);
        var calendar = await WorkCalendar.LoadAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var (created, unchanged) = (0, 0);
        foreach (var demo in data.Applications ?? [])
        {
            if (await db.DisclosureApplications.AnyAsync(a => a.TenantId == site.Id && a.TrackingNumber == demo.Number, cancellationToken))
            {
                unchanged++;
                continue;
            }

            var received = Day(demo.Received)!.Value;
            var replied = Day(demo.Replied);
            var id = Guid.CreateVersion7();
            db.DisclosureApplications.Add(new DisclosureApplication
            {
                Id = id,
                TenantId = site.Id,
                TrackingNumber = demo.Number!,
                CodeHash = QueryCodes.Hash(id, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))),
                ApplicantKind = demo.Kind,
                OrganisationKind = demo.Kind == ApplicantKind.Organisation ? demo.OrganisationKind ?? Interaction.OrganisationKind.Other : null,
                ApplicantName = demo.Kind == ApplicantKind.Citizen ? "示例申请人" : "示例单位",
                IdentityNumber = "（示例）",
                Phone = "（示例）",
                Description = demo.Description!,
                PreferredFormat = "电子数据",
                Delivery = "电子邮件",
                Channel = ApplicationChannel.Online,
                Status = replied is null ? ApplicationStatus.Registered : ApplicationStatus.Replied,
                SubmittedAt = BeijingTime.StartOf(received).AddHours(9),
                ReceivedOn = received,
                DueOn = calendar.AddWorkingDays(received, DisclosureApplications.ReplyWorkingDays),
                Outcome = demo.Outcome,
                OutcomeReason = demo.Reason,
                Reply = replied is null ? null : demo.Reply ?? "（示例答复）",
                RepliedOn = replied,
                UpdatedAt = now,
            });
            created++;
        }

        foreach (var demo in data.Consultations ?? [])
        {
            if (await db.Consultations.AnyAsync(c => c.TenantId == site.Id && c.Title == demo.Title, cancellationToken))
            {
                unchanged++;
                continue;
            }

            var starts = Day(demo.Starts)!.Value;
            var ends = Day(demo.Ends)!.Value;
            var consultation = new Consultation
            {
                Id = Guid.CreateVersion7(),
                TenantId = site.Id,
                Title = demo.Title!.Trim(),
                Body = demo.Body,
                Organiser = demo.Organiser ?? site.Organiser,
                StartsOn = starts,
                EndsOn = ends,
                PublishedAt = BeijingTime.StartOf(starts).AddHours(9),
                Feedback = demo.Feedback,
                FeedbackPublishedAt = demo.Feedback is null ? null : BeijingTime.StartOf(ends.AddDays(10)).AddHours(9),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Consultations.Add(consultation);
            for (var c = 0; c < demo.Comments; c++)
            {
                db.ConsultationComments.Add(new ConsultationComment
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = site.Id,
                    ConsultationId = consultation.Id,
                    Body = $"（示例意见 {c + 1}）",
                    SubmittedAt = BeijingTime.StartOf(starts.AddDays(c % Math.Max(1, ends.DayNumber - starts.DayNumber + 1))).AddHours(10),
                });
            }

            created++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (created, 0, unchanged);
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
