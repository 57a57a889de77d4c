using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Media;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 媒体库: the site's uploaded files, filtered by name and kind, 30 to a page, each marked
/// in use or not; editors upload here and delete files no item uses (after confirming).
/// </summary>
public sealed class MediaPage(AdminContext admin, SiteClusterDbContext db, MediaService media, IMediaStore store, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public MediaKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public string Slug => admin.RequiredSite.Slug;

    public bool CanChange => admin.RequiredActor.Can(Core.Content.Items.ContentPermission.Edit) || admin.RequiredActor.Roles.Contains(SiteRole.SiteAdmin);

    public IReadOnlyList<(MediaItem Item, bool InUse)> Items { get; private set; } = [];

    public int Total { get; private set; }

    public string? Error { get; private set; }

    public ConfirmPrompt? Confirm { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>An administrator's copy of any file of the site, used or not, public or not.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid mediaId)
    {
        var item = await db.MediaItems.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mediaId, HttpContext.RequestAborted);
        var stream = item is null ? null : await store.OpenReadAsync(item.StorageKey, HttpContext.RequestAborted);
        if (item is null || stream is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(stream, item.ContentType, item.FileName);
    }

    public async Task<IActionResult> OnPostUploadAsync(List<IFormFile> files)
    {
        if (!CanChange)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var uploaded = 0;
        var refused = new List<string>();
        foreach (var file in files.Where(f => f.Length > 0))
        {
            try
            {
                await using var stream = file.OpenReadStream();
                await media.UploadAsync(stream, file.FileName, HttpContext.RequestAborted);
                uploaded++;
            }
            catch (MediaRejectedException ex)
            {
                refused.Add(string.Format(CultureInfo.CurrentCulture, strings["NamedProblem"].Value, file.FileName, strings[$"MediaRejected_{ex.Reason}"]));
            }
            catch (MediaStoreUnavailableException)
            {
                refused.Add(string.Format(CultureInfo.CurrentCulture, strings["MediaStoreUnavailable"].Value, file.FileName));
                break;
            }
        }

        if (uploaded == 0 && refused.Count == 0)
        {
            Error = strings["UploadChooseFile"];
        }
        else if (refused.Count > 0)
        {
            Error = string.Join(strings["ListSeparator"].Value, refused);
        }

        if (Error is not null)
        {
            await LoadAsync();
            return Page();
        }

        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["UploadedCount"].Value, uploaded);
        return Redirect($"{Request.PathBase}/admin/{Slug}/media");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid mediaId, bool confirmed)
    {
        if (!CanChange)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var item = await db.MediaItems.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mediaId, HttpContext.RequestAborted);
        if (item is null)
        {
            return NotFound();
        }

        if (!confirmed)
        {
            Confirm = new ConfirmPrompt(
                string.Format(CultureInfo.CurrentCulture, strings["DeleteMediaQuestion"].Value, item.FileName),
                strings["DeleteMediaDetail"],
                "Delete",
                new Dictionary<string, string> { ["mediaId"] = item.Id.ToString() },
                $"{Request.PathBase}/admin/{Slug}/media");
            await LoadAsync();
            return Page();
        }

        try
        {
            await media.DeleteUnusedAsync(mediaId, HttpContext.RequestAborted);
        }
        catch (MediaInUseException)
        {
            Error = string.Format(CultureInfo.CurrentCulture, strings["MediaInUse"].Value, item.FileName);
            await LoadAsync();
            return Page();
        }

        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["MediaDeleted"].Value, item.FileName);
        return Redirect($"{Request.PathBase}/admin/{Slug}/media");
    }

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?> { ["text"] = Text, ["kind"] = Kind?.ToString(), ["page"] = page.ToString(CultureInfo.InvariantCulture) };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{Request.PathBase}/admin/{Slug}/media",
            query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }

    private async Task LoadAsync()
    {
        var query = db.MediaItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Text))
        {
            var text = Text.Trim();
            query = query.Where(m => m.FileName.Contains(text));
        }

        if (Kind is { } kind)
        {
            query = query.Where(m => m.Kind == kind);
        }

        var page = await query.OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id).PageAsync(PageNumber, PageSize, HttpContext.RequestAborted);
        (Total, PageNumber) = (page.Total, page.Number);
        var rows = new List<(MediaItem, bool)>();
        foreach (var item in page.Entries)
        {
            rows.Add((item, await media.IsInUseAsync(item.Id, HttpContext.RequestAborted)));
        }

        Items = rows;
    }
}
