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

/// <summary>What the comment form posts; <see cref="Website"/> is the honeypot.</summary>
public sealed class CommentPost
{
    public string? Body { get; set; }

    public string? AuthorName { get; set; }

    public string? Contact { get; set; }

    public string? Website { get; set; }
}

/// <summary>
/// 意见征集 on every site: <c>/consultations</c> lists the open and the closed consultations;
/// <c>/consultations/{id}</c> shows the draft, takes comments while it is open (antiforgery,
/// honeypot, size and per-client limits), refuses them with the reason before and after, and
/// shows the feedback (采纳情况) with the number of comments once published. Comments are never shown.
/// </summary>
public sealed class ConsultationsController(
    TenantContext tenant,
    SiteChrome chrome,
    StatusPageRenderer statusPages,
    Consultations consultations,
    IStringLocalizer<ThemeStrings> strings) : Controller
{
    private const int ClosedPageSize = 20;

    private SiteInfo Site => tenant.Site!;

    /// <summary>Consultations open or about to open, then the closed ones, 20 to a page (<c>?page=N</c>).</summary>
    [HttpGet("/consultations")]
    public async Task<IActionResult> Index(int page = 1)
    {
        var current = await consultations.CurrentAsync(HttpContext.RequestAborted);
        var closed = await consultations.ClosedAsync(page, ClosedPageSize, HttpContext.RequestAborted);
        var today = consultations.Today;
        ConsultationSummaryViewModel Row(ConsultationSummary s) => new(
            s.Consultation.Title, $"{Request.PathBase}/consultations/{s.Consultation.Id}", State(s.Consultation.PhaseOn(today)), s.Consultation.Organiser,
            Day(s.Consultation.StartsOn), Day(s.Consultation.EndsOn), s.Comments, s.Consultation.FeedbackPublishedAt is not null);
        Response.Headers.CacheControl = "no-cache";
        return View("/Views/Public/Consultations.cshtml", new ConsultationsPageViewModel(
            chrome.For(HttpContext, Site),
            [new(strings["Home"], $"{Request.PathBase}/"), new(strings["ConsultationsTitle"], null)],
            [.. current.Select(Row)],
            [.. closed.Entries.Select(Row)],
            new PagerViewModel(closed.Number, closed.Count, closed.Total)));
    }

    [HttpGet("/consultations/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, bool sent = false) =>
        await PageAsync(id, new CommentPost(), new Dictionary<string, string>(), null, sent);

    [HttpPost("/consultations/{id:guid}")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(ApplicationsController.FormsPolicy)]
    [RequestSizeLimit(32 * 1024)]
    public async Task<IActionResult> Comment(Guid id, [FromForm] CommentPost form)
    {
        if (!string.IsNullOrEmpty(form.Website))
        {
            return await PageAsync(id, form, new Dictionary<string, string>(), strings["ApplyRefused"], false);
        }

        try
        {
            await consultations.CommentAsync(id, new CommentForm(form.Body, form.AuthorName, form.Contact), HttpContext.RequestAborted);
            return Redirect($"{Request.PathBase}/consultations/{id}?sent=true");
        }
        catch (InteractionException ex)
        {
            return await PageAsync(id, form, ex.Fields, ex.Message, false);
        }
        catch (KeyNotFoundException)
        {
            return NotFoundPage();
        }
    }

    private async Task<IActionResult> PageAsync(Guid id, CommentPost form, IReadOnlyDictionary<string, string> errors, string? message, bool sent)
    {
        var found = await consultations.FindPublishedAsync(id, HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFoundPage();
        }

        var (consultation, comments) = (found.Consultation, found.Comments);
        var phase = consultation.PhaseOn(consultations.Today);
        Response.Headers.CacheControl = "no-store";
        if (errors.Count > 0 || message is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var notOpen = phase switch
        {
            ConsultationPhase.Upcoming => CoreText.Format("Consultation_NotStarted", Day(consultation.StartsOn)),
            ConsultationPhase.Closed => CoreText.Format("Consultation_Closed", Day(consultation.EndsOn)),
            _ => null,
        };
        var values = new Dictionary<string, string?>
        {
            [nameof(form.Body)] = form.Body,
            [nameof(form.AuthorName)] = form.AuthorName,
            [nameof(form.Contact)] = form.Contact,
        };
        return View("/Views/Public/Consultation.cshtml", new ConsultationPageViewModel(
            chrome.For(HttpContext, Site),
            [new(strings["Home"], $"{Request.PathBase}/"), new(strings["ConsultationsTitle"], $"{Request.PathBase}/consultations"), new(consultation.Title, null)],
            consultation.Title,
            State(phase),
            consultation.Organiser,
            Day(consultation.StartsOn),
            Day(consultation.EndsOn),
            consultation.Body,
            consultation.AttachmentId is { } media ? new BreadcrumbViewModel(consultation.AttachmentName ?? media.ToString(), $"{Request.PathBase}/media/{media}/{Uri.EscapeDataString(consultation.AttachmentName ?? string.Empty)}") : null,
            comments,
            phase == ConsultationPhase.Open,
            notOpen,
            consultation.FeedbackPublishedAt is null ? null : consultation.Feedback,
            consultation.FeedbackPublishedAt is { } at ? BeijingTime.Format(at, "yyyy-MM-dd") : null,
            $"{Request.PathBase}/consultations/{id}",
            values,
            errors,
            message,
            sent));
    }

    private ViewResult NotFoundPage()
    {
        var model = statusPages.Build(HttpContext, StatusPage.NotFound, Site);
        Response.StatusCode = model.StatusCode;
        return View("/Views/Public/Status.cshtml", model);
    }

    private string State(ConsultationPhase phase) => strings[$"ConsultationPhase_{phase}"];

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
