using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>The site's column tree: add local columns under any column, reorder siblings, hide and show.</summary>
public sealed class ColumnsPage(AdminContext admin, SiteClusterDbContext db, TimeProvider time, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public IReadOnlyList<ColumnRow> Rows { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [BindProperty]
    public Guid? NewParent { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? NewSlug { get; set; }

    public string Slug => admin.RequiredSite.Slug;

    public bool CanChange => admin.RequiredActor.Roles.Contains(SiteRole.SiteAdmin) || admin.RequiredActor.Roles.Contains(SiteRole.ClusterAdmin);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!CanChange)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await LoadAsync();
        var name = NewName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            Errors["name"] = strings["RequiredField"];
        }

        if (!CatalogueReader.IsColumnSlug(NewSlug))
        {
            Errors["slug"] = strings["SlugInvalid"];
        }
        else if (Rows.Any(r => r.Column.ParentId == NewParent && r.Column.Slug == NewSlug))
        {
            Errors["slug"] = strings["SlugTaken"];
        }

        if (NewParent is { } parent && Rows.All(r => r.Column.Id != parent))
        {
            Errors["parent"] = strings["RequiredField"];
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var siblings = Rows.Where(r => r.Column.ParentId == NewParent).Select(r => r.Column.SortOrder).DefaultIfEmpty(0).Max();
        db.Columns.Add(new Column
        {
            Id = Guid.CreateVersion7(),
            ParentId = NewParent,
            Name = name!,
            Slug = NewSlug!,
            SortOrder = siblings + 1,
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Done();
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid column) =>
        await ChangeAsync(column, (target, _) => target.IsHidden = !target.IsHidden);

    public async Task<IActionResult> OnPostMoveAsync(Guid column, int direction) =>
        await ChangeAsync(column, (target, siblings) =>
        {
            var ordered = siblings.OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
            var index = ordered.FindIndex(c => c.Id == target.Id);
            var swap = index + Math.Sign(direction);
            if (swap < 0 || swap >= ordered.Count)
            {
                return;
            }

            (ordered[index], ordered[swap]) = (ordered[swap], ordered[index]);
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i].SortOrder = i + 1;
            }
        });

    private async Task<IActionResult> ChangeAsync(Guid columnId, Action<Column, List<Column>> change)
    {
        if (!CanChange)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var target = await db.Columns.SingleOrDefaultAsync(c => c.Id == columnId, HttpContext.RequestAborted);
        if (target is null)
        {
            return NotFound();
        }

        var siblings = await db.Columns.Where(c => c.ParentId == target.ParentId).ToListAsync(HttpContext.RequestAborted);
        change(target, siblings);
        target.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Done();
    }

    private RedirectResult Done()
    {
        TempData["Message"] = strings["SavedMessage"].Value;
        return Redirect($"{Request.PathBase}/admin/{Slug}/columns");
    }

    private async Task LoadAsync() => Rows = await AdminColumns.TreeAsync(db, HttpContext.RequestAborted);
}
