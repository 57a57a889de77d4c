using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>One submitted version: its preview, what the checks found, approve (with an override reason when personal data remains) or reject.</summary>
public sealed class ReviewPage(AdminContext admin, ContentService content, SiteClusterDbContext db, IStringLocalizer<AdminStrings> strings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Override { get; set; }

    public ContentItem? Item { get; private set; }

    public string Slug => admin.RequiredSite.Slug;

    public ContentDraft? Draft { get; private set; }

    public IReadOnlyList<ContentProblem> Problems { get; private set; } = [];

    public IReadOnlyList<PersonalDataFinding> PersonalData { get; private set; } = [];

    public List<string> Messages { get; } = [];

    public bool CanReview => admin.RequiredActor.Can(ContentPermission.Review);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        return await ActAsync(() => content.ApproveAsync(admin.RequiredActor, Id, Comment, Override, HttpContext.RequestAborted), "ApprovedMessage");
    }

    public async Task<IActionResult> OnPostRejectAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        return await ActAsync(() => content.RejectAsync(admin.RequiredActor, Id, Comment ?? string.Empty, HttpContext.RequestAborted), "RejectedMessage");
    }

    private async Task<IActionResult> ActAsync(Func<Task<ContentItem>> action, string message)
    {
        try
        {
            await action();
            TempData["Message"] = strings[message].Value;
            return Redirect($"{Request.PathBase}/admin/{admin.RequiredSite.Slug}/review");
        }
        catch (ContentValidationException ex)
        {
            Messages.AddRange(ex.Problems.Select(p => p.Message));
        }
        catch (Exception ex) when (ex is ContentPermissionException or ContentStateException)
        {
            Messages.Add(ex.Message);
        }

        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        Item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == Id, HttpContext.RequestAborted);
        if (Item is null)
        {
            return false;
        }

        Draft = await content.GetDraftAsync(Id, Item.ReviewVersion ?? Item.CurrentVersion, HttpContext.RequestAborted);
        (Problems, PersonalData) = await content.CheckAsync(Id, HttpContext.RequestAborted);
        return true;
    }
}
