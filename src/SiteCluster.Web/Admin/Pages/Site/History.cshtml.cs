using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>Every version of an item, with restore; and withdrawal (撤稿) of what is live.</summary>
public sealed class HistoryPage(AdminContext admin, ContentService content, SiteClusterDbContext db, IStringLocalizer<AdminStrings> strings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ContentItem? Item { get; private set; }

    public IReadOnlyList<ContentVersion> Versions { get; private set; } = [];

    public string Slug => admin.RequiredSite.Slug;

    public List<string> Messages { get; } = [];

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public bool CanWithdraw => admin.RequiredActor.Can(ContentPermission.Withdraw);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostRestoreAsync(int version) =>
        await ActAsync(() => content.RestoreAsync(admin.RequiredActor, Id, version, HttpContext.RequestAborted), "RestoredMessage");

    public async Task<IActionResult> OnPostWithdrawAsync(string? reason) =>
        await ActAsync(() => content.WithdrawAsync(admin.RequiredActor, Id, reason ?? string.Empty, HttpContext.RequestAborted), "WithdrawnMessage");

    private async Task<IActionResult> ActAsync(Func<Task<ContentItem>> action, string message)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        try
        {
            await action();
            TempData["Message"] = strings[message].Value;
            return Redirect($"{Request.PathBase}/admin/{admin.RequiredSite.Slug}/content/edit/{Id}");
        }
        catch (ContentValidationException ex)
        {
            Messages.AddRange(ex.Problems.Select(p => p.Message));
        }
        catch (Exception ex) when (ex is ContentPermissionException or ContentStateException or KeyNotFoundException)
        {
            Messages.Add(ex.Message);
        }

        await LoadAsync();
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        Item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == Id, HttpContext.RequestAborted);
        if (Item is null)
        {
            return false;
        }

        Versions = await content.HistoryAsync(Id, HttpContext.RequestAborted);
        return true;
    }
}
