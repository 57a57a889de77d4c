using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>One message: accept or reject it, then reply in public; opening it is audited (it shows the writer's details).</summary>
public sealed class MessagePage(AdminContext admin, PublicMessages messages) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public bool CanHandle => admin.RequiredActor.Can(ContentPermission.Edit);

    public PublicMessage Message { get; private set; } = null!;

    public string Organiser => admin.RequiredSite.Organiser;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostModerateAsync(Guid id, bool accept, string? reason) =>
        ActAsync(id, () => messages.ModerateAsync(admin.RequiredActor, id, accept, reason, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostReplyAsync(Guid id, string? reply, string? office) =>
        ActAsync(id, () => messages.ReplyAsync(admin.RequiredActor, id, reply ?? string.Empty, office, HttpContext.RequestAborted));

    private async Task<IActionResult> ActAsync(Guid id, Func<Task<PublicMessage>> action)
    {
        try
        {
            await action();
            return Redirect($"{Request.PathBase}/admin/{Slug}/messages/{id}");
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
            Message = await messages.OpenAsync(admin.RequiredActor, id, HttpContext.RequestAborted);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
