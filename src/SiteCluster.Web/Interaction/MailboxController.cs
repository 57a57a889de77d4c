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

/// <summary>What the message form posts; <see cref="Website"/> is the honeypot.</summary>
public sealed class WriteForm
{
    public MessageKind Kind { get; set; } = MessageKind.Consultation;

    public string? Subject { get; set; }

    public string? Body { get; set; }

    public string? AuthorName { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public bool AllowPublish { get; set; }

    public string? Website { get; set; }
}

/// <summary>
/// 政民互动 on every site: <c>/mailbox</c> lists the answered messages their writers let be
/// published; <c>/mailbox/write</c> takes a message (antiforgery, honeypot, size and per-client
/// limits) and answers with its number and query code; <c>/mailbox/status</c> shows the writer
/// where it stands. Nothing is shown before a moderator accepted it and someone replied.
/// </summary>
public sealed class MailboxController(
    TenantContext tenant,
    SiteChrome chrome,
    PublicMessages messages,
    IStringLocalizer<ThemeStrings> strings) : Controller
{
    private const int PageSize = 10;

    private SiteInfo Site => tenant.Site!;

    [HttpGet("/mailbox")]
    public async Task<IActionResult> Index(int page = 1)
    {
        var rows = await messages.Published().PageAsync(page, PageSize, HttpContext.RequestAborted);
        Response.Headers.CacheControl = "no-cache";
        return View("/Views/Public/Mailbox.cshtml", new MailboxPageViewModel(
            chrome.For(HttpContext, Site),
            Crumbs(strings["MailboxTitle"]),
            [.. rows.Entries.Select(m => new MessageViewModel(
                strings[$"MessageKind_{m.Kind}"], m.Subject, m.Body, BeijingTime.Format(m.SubmittedAt, "yyyy-MM-dd"), m.Reply!, m.ReplyingOffice!, BeijingTime.Format(m.RepliedAt!.Value, "yyyy-MM-dd")))],
            rows.Number,
            rows.Count,
            rows.Total));
    }

    [HttpGet("/mailbox/write")]
    public IActionResult Write() => Form(new WriteForm(), new Dictionary<string, string>(), null);

    [HttpPost("/mailbox/write")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(ApplicationsController.FormsPolicy)]
    [RequestSizeLimit(32 * 1024)]
    public async Task<IActionResult> Write([FromForm] WriteForm form)
    {
        if (!string.IsNullOrEmpty(form.Website))
        {
            return Form(form, new Dictionary<string, string>(), strings["ApplyRefused"]);
        }

        try
        {
            var (message, code) = await messages.SubmitAsync(
                new MessageForm(form.Kind, form.Subject, form.Body, form.AuthorName, form.Phone, form.Email, form.AllowPublish), HttpContext.RequestAborted);
            Response.Headers.CacheControl = "no-store";
            return View("/Views/Public/ApplySubmitted.cshtml", new ApplySubmittedViewModel(
                chrome.For(HttpContext, Site), Crumbs(strings["MessageSentTitle"]), message.TrackingNumber, code, $"{Request.PathBase}/mailbox/status")
            {
                Title = strings["MessageSentTitle"],
                Text = strings["MessageSentText"],
            });
        }
        catch (InteractionException ex)
        {
            return Form(form, ex.Fields, ex.Message);
        }
    }

    [HttpGet("/mailbox/status")]
    public IActionResult Status()
    {
        Response.Headers.CacheControl = "no-store";
        return View("/Views/Public/ApplyStatus.cshtml", StatusModel(false, null, null));
    }

    [HttpPost("/mailbox/status")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(ApplicationsController.FormsPolicy)]
    public async Task<IActionResult> Status([FromForm] string? trackingNumber, [FromForm] string? code)
    {
        Response.Headers.CacheControl = "no-store";
        var message = await messages.FindForWriterAsync(trackingNumber, code, HttpContext.RequestAborted);
        return View("/Views/Public/ApplyStatus.cshtml", StatusModel(true, trackingNumber?.Trim(), message));
    }

    private ApplyStatusViewModel StatusModel(bool asked, string? number, PublicMessage? message)
    {
        var facts = new List<LabelledValueViewModel>();
        if (message is not null)
        {
            facts.Add(new LabelledValueViewModel(strings["MessageNumber"], message.TrackingNumber));
            facts.Add(new LabelledValueViewModel(strings["MessageSubject"], message.Subject));
            facts.Add(new LabelledValueViewModel(strings["ApplySubmittedAt"], BeijingTime.Format(message.SubmittedAt)));
            facts.Add(new LabelledValueViewModel(strings["ApplyStatus"], strings[$"MessageStatus_{message.Status}"].Value));
            if (message.RejectionReason is { } reason)
            {
                facts.Add(new LabelledValueViewModel(strings["ApplyOutcomeReason"], reason));
            }

            if (message.RepliedAt is { } replied)
            {
                facts.Add(new LabelledValueViewModel(strings["ApplyRepliedOn"], BeijingTime.Format(replied, "yyyy-MM-dd")));
            }
        }

        return new ApplyStatusViewModel(chrome.For(HttpContext, Site), Crumbs(strings["MessageStatusTitle"]), asked, message is not null, number, facts, message?.Reply)
        {
            Title = strings["MessageStatusTitle"],
            NumberLabel = strings["MessageNumber"],
            Action = $"{Request.PathBase}/mailbox/status",
        };
    }

    private ViewResult Form(WriteForm form, IReadOnlyDictionary<string, string> errors, string? message)
    {
        Response.Headers.CacheControl = "no-store";
        if (errors.Count > 0 || message is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var values = new Dictionary<string, string?>
        {
            [nameof(form.Kind)] = form.Kind.ToString(),
            [nameof(form.Subject)] = form.Subject,
            [nameof(form.Body)] = form.Body,
            [nameof(form.AuthorName)] = form.AuthorName,
            [nameof(form.Phone)] = form.Phone,
            [nameof(form.Email)] = form.Email,
            [nameof(form.AllowPublish)] = form.AllowPublish ? "true" : null,
        };
        return View("/Views/Public/WriteMessage.cshtml", new WriteMessageViewModel(chrome.For(HttpContext, Site), Crumbs(strings["MessageWriteTitle"]), values, errors, message));
    }

    private List<BreadcrumbViewModel> Crumbs(string title) =>
        [new(strings["Home"], $"{Request.PathBase}/"), new(strings["MailboxTitle"], $"{Request.PathBase}/mailbox"), new(title, null)];
}
