using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 转载收件箱: what higher-level sites reposted to this site. Held ones wait (with their age) to be
/// accepted or rejected; shown ones can be hidden, hidden or rejected ones shown again.
/// </summary>
public sealed class RepostsPage(AdminContext admin, SiteClusterDbContext db, RepostService reposts, ISiteRegistry registry, TimeProvider time, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public sealed record Row(Guid Id, Guid ItemId, string Title, string SourceSite, string Column, RepostState State, int AgeDays, DateTimeOffset CreatedAt);

    /// <summary>Whether the site has sites below it to pass shown reposts on to.</summary>
    public bool HasSitesBelow => registry.Current.ChildrenOf(admin.RequiredSite.Id).Any();

    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDecideAsync(Guid repostId, RepostState decision)
    {
        try
        {
            await reposts.DecideAsync(admin.RequiredActor, repostId, decision, HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is ContentPermissionException or ContentStateException)
        {
            Error = ex.Message;
            await LoadAsync();
            return Page();
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        TempData["Message"] = strings[$"RepostDecided_{decision}"].Value;
        return Redirect($"{Request.PathBase}/admin/{Slug}/reposts");
    }

    public async Task<IActionResult> OnPostDetachAsync(Guid repostId, bool confirmed)
    {
        var row = (await LoadAsync()).FirstOrDefault(r => r.Id == repostId);
        if (row is null)
        {
            return NotFound();
        }

        if (!confirmed)
        {
            Confirm = new ConfirmPrompt(
                string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["DetachQuestion"].Value, row.Title),
                strings["DetachDetail"],
                "Detach",
                new Dictionary<string, string> { ["repostId"] = repostId.ToString() },
                $"{Request.PathBase}/admin/{Slug}/reposts");
            return Page();
        }

        try
        {
            var copy = await reposts.DetachAsync(admin.RequiredActor, repostId, HttpContext.RequestAborted);
            TempData["Message"] = strings["Detached"].Value;
            return Redirect($"{Request.PathBase}/admin/{Slug}/content/edit/{copy.Id}");
        }
        catch (Exception ex) when (ex is ContentPermissionException or ContentStateException or RepostException)
        {
            Error = ex.Message;
        }
        catch (ContentValidationException ex)
        {
            Error = string.Join(strings["ListSeparator"].Value, ex.Problems.Select(p => p.Message));
        }

        return Page();
    }

    public ConfirmPrompt? Confirm { get; private set; }

    private async Task<IReadOnlyList<Row>> LoadAsync()
    {
        var now = time.GetUtcNow();
        var columns = await db.Columns.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, HttpContext.RequestAborted);

        // The source items are another site's: read only through this site's own reposts.
        var rows = await db.Reposts.AsNoTracking()
            .Join(db.ContentItems.IgnoreQueryFilters().AsNoTracking(), r => r.SourceItemId, i => i.Id, (r, i) => new { r.Id, ItemId = i.Id, i.Title, r.SourceSiteId, r.ColumnId, r.State, r.CreatedAt })
            .ToListAsync(HttpContext.RequestAborted);
        Rows =
        [
            .. rows.Select(r => new Row(
                    r.Id, r.ItemId, r.Title, registry.Current.FindById(r.SourceSiteId)?.Name ?? string.Empty, columns.GetValueOrDefault(r.ColumnId) ?? string.Empty,
                    r.State, (int)(now - r.CreatedAt).TotalDays, r.CreatedAt))
                .OrderBy(r => r.State == RepostState.Pending ? 0 : 1).ThenByDescending(r => r.CreatedAt),
        ];
        return Rows;
    }
}
