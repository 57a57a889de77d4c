using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Interaction;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Interaction;

/// <summary>What the public form posts; the honeypot <see cref="Website"/> stays empty for people.</summary>
public sealed class ApplyForm
{
    public ApplicantKind ApplicantKind { get; set; } = ApplicantKind.Citizen;

    public OrganisationKind? OrganisationKind { get; set; }

    public string? ApplicantName { get; set; }

    public string? IdentityNumber { get; set; }

    public string? ContactPerson { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Address { get; set; }

    public string? Description { get; set; }

    public string? DocumentNumber { get; set; }

    public string? Purpose { get; set; }

    public string? PreferredFormat { get; set; }

    public string? Delivery { get; set; }

    public string? Website { get; set; }
}

/// <summary>
/// 依申请公开 on every site: <c>/apply</c> takes an application (antiforgery, a honeypot, a size
/// limit and a per-client limit on submissions) and answers with a tracking number and a query
/// code; <c>/apply/status</c> shows the applicant where it stands. Never cached: answers are personal.
/// </summary>
public sealed class ApplicationsController(
    TenantContext tenant,
    SiteChrome chrome,
    DisclosureApplications applications,
    ItemPages pages,
    IStringLocalizer<ThemeStrings> strings) : Controller
{
    public const string FormsPolicy = "forms";

    private static readonly string[] Formats = ["纸质文本", "电子数据", "光盘"];
    private static readonly string[] Deliveries = ["邮寄", "电子邮件", "自行领取", "网上查看"];

    private SiteInfo Site => tenant.Site!;

    [HttpGet("/apply")]
    public IActionResult Apply() => Form(new ApplyForm(), new Dictionary<string, string>(), null);

    [HttpPost("/apply")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(FormsPolicy)]
    [RequestSizeLimit(64 * 1024)]
    public async Task<IActionResult> Apply([FromForm] ApplyForm form)
    {
        if (!string.IsNullOrEmpty(form.Website))
        {
            return Form(form, new Dictionary<string, string>(), strings["ApplyRefused"]);
        }

        try
        {
            var (application, code) = await applications.SubmitAsync(
                new ApplicationForm
                {
                    ApplicantKind = form.ApplicantKind,
                    OrganisationKind = form.OrganisationKind,
                    ApplicantName = form.ApplicantName,
                    IdentityNumber = form.IdentityNumber,
                    ContactPerson = form.ContactPerson,
                    Phone = form.Phone,
                    Email = form.Email,
                    Address = form.Address,
                    Description = form.Description,
                    DocumentNumber = form.DocumentNumber,
                    Purpose = form.Purpose,
                    PreferredFormat = form.PreferredFormat,
                    Delivery = form.Delivery,
                },
                HttpContext.RequestAborted);
            NoStore();
            return View("/Views/Public/ApplySubmitted.cshtml", new ApplySubmittedViewModel(
                chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["ApplySubmittedTitle"]), application.TrackingNumber, code, $"{Request.PathBase}/apply/status"));
        }
        catch (InteractionException ex)
        {
            return Form(form, ex.Fields, ex.Message);
        }
    }

    [HttpGet("/apply/status")]
    public IActionResult Status()
    {
        NoStore();
        return View("/Views/Public/ApplyStatus.cshtml", new ApplyStatusViewModel(chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["ApplyStatusTitle"]), false, false, null, [], null));
    }

    [HttpPost("/apply/status")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(FormsPolicy)]
    public async Task<IActionResult> Status([FromForm] string? trackingNumber, [FromForm] string? code)
    {
        NoStore();
        var application = await applications.FindForApplicantAsync(trackingNumber, code, HttpContext.RequestAborted);
        var facts = new List<LabelledValueViewModel>();
        if (application is not null)
        {
            void Add(string label, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    facts.Add(new LabelledValueViewModel(strings[label], value));
                }
            }

            Add("ApplyTrackingNumber", application.TrackingNumber);
            Add("ApplySubmittedAt", BeijingTime.Format(application.SubmittedAt));
            Add("ApplyStatus", strings[$"ApplicationStatus_{application.Status}"].Value);
            Add("ApplyReceivedOn", application.ReceivedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Add("ApplyDueOn", application.DueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Add("ApplyAmendmentRequest", application.Status == ApplicationStatus.AwaitingAmendment ? application.AmendmentRequest : null);
            Add("ApplyAmendmentDueOn", application.Status == ApplicationStatus.AwaitingAmendment ? application.AmendmentDueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null);
            Add("ApplyExtension", application.ExtensionReason);
            Add("ApplyOutcome", application.Outcome is { } outcome ? strings[$"ApplicationOutcome_{outcome}"].Value : null);
            Add("ApplyOutcomeReason", application.OutcomeReason);
            Add("ApplyRepliedOn", application.RepliedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return View("/Views/Public/ApplyStatus.cshtml", new ApplyStatusViewModel(
            chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["ApplyStatusTitle"]), true, application is not null, trackingNumber?.Trim(), facts, application?.Reply));
    }

    private ViewResult Form(ApplyForm form, IReadOnlyDictionary<string, string> errors, string? message)
    {
        NoStore();
        var values = new Dictionary<string, string?>
        {
            [nameof(form.ApplicantKind)] = form.ApplicantKind.ToString(),
            [nameof(form.OrganisationKind)] = form.OrganisationKind?.ToString(),
            [nameof(form.ApplicantName)] = form.ApplicantName,
            [nameof(form.IdentityNumber)] = form.IdentityNumber,
            [nameof(form.ContactPerson)] = form.ContactPerson,
            [nameof(form.Phone)] = form.Phone,
            [nameof(form.Email)] = form.Email,
            [nameof(form.Address)] = form.Address,
            [nameof(form.Description)] = form.Description,
            [nameof(form.DocumentNumber)] = form.DocumentNumber,
            [nameof(form.Purpose)] = form.Purpose,
            [nameof(form.PreferredFormat)] = form.PreferredFormat,
            [nameof(form.Delivery)] = form.Delivery,
        };
        if (errors.Count > 0 || message is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View("/Views/Public/Apply.cshtml", new ApplyPageViewModel(chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["ApplyTitle"]), values, errors, message, Formats, Deliveries));
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
