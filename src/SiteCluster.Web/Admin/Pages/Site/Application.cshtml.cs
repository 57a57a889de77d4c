using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// One application and what can be done with it: register (with the date of receipt), ask for
/// an amendment, record the amendment, extend once, reply. Opening it is audited, since it shows
/// the applicant's personal data.
/// </summary>
public sealed class ApplicationPage(AdminContext admin, DisclosureApplications applications, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public bool CanHandle => admin.RequiredActor.Can(ContentPermission.Edit);

    public DisclosureApplication Application { get; private set; } = null!;

    public DateOnly Today => applications.Today;

    public string? Error { get; private set; }

    public static IReadOnlyDictionary<ApplicationOutcome, IReadOnlyList<string>> Reasons => DisclosureApplications.Reasons;

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostRegisterAsync(Guid id, DateOnly receivedOn, ApplicationChannel channel) =>
        ActAsync(id, () => applications.RegisterAsync(admin.RequiredActor, id, receivedOn, channel, HttpContext.RequestAborted), "ApplicationRegistered");

    public Task<IActionResult> OnPostAmendAsync(Guid id, string? request) =>
        ActAsync(id, () => applications.RequestAmendmentAsync(admin.RequiredActor, id, request ?? string.Empty, HttpContext.RequestAborted), "ApplicationAmendmentRequested");

    public Task<IActionResult> OnPostAmendedAsync(Guid id, DateOnly amendedOn) =>
        ActAsync(id, () => applications.RecordAmendmentAsync(admin.RequiredActor, id, amendedOn, HttpContext.RequestAborted), "ApplicationAmended");

    public Task<IActionResult> OnPostExtendAsync(Guid id, string? reason) =>
        ActAsync(id, () => applications.ExtendAsync(admin.RequiredActor, id, reason ?? string.Empty, HttpContext.RequestAborted), "ApplicationExtended");

    public Task<IActionResult> OnPostReplyAsync(Guid id, ApplicationOutcome outcome, string? reason, string? reply, Guid? document) =>
        ActAsync(
            id,
            () => applications.ReplyAsync(admin.RequiredActor, id, outcome, Reasons.ContainsKey(outcome) ? reason : null, reply ?? string.Empty, document, HttpContext.RequestAborted),
            "ApplicationReplied");

    private async Task<IActionResult> ActAsync(Guid id, Func<Task<DisclosureApplication>> action, string message)
    {
        try
        {
            var done = await action();
            TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings[message].Value, done.TrackingNumber, done.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return Redirect($"{Request.PathBase}/admin/{Slug}/applications/{id}");
        }
        catch (Exception ex) when (ex is InteractionException or ContentPermissionException)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        try
        {
            Application = await applications.OpenAsync(admin.RequiredActor, id, HttpContext.RequestAborted);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
