using System.Globalization;
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
/// 推送转载: a published item of this site pushed to the sites below it (all, by level, or chosen
/// ones) into their column for a catalogue node, shown at once or held in their inbox.
/// </summary>
public sealed class PushPage(AdminContext admin, SiteClusterDbContext db, RepostService reposts, ISiteRegistry registry, IStringLocalizer<AdminStrings> strings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string Scope { get; set; } = "all";

    [BindProperty]
    public List<SiteLevel> Levels { get; set; } = [];

    [BindProperty]
    public string? Sites { get; set; }

    [BindProperty]
    public string Node { get; set; } = "02";

    [BindProperty]
    public bool Hold { get; set; }

    public ContentItem? Item { get; private set; }

    public int Below { get; private set; }

    public IReadOnlyList<SiteLevel> LevelsBelow { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Nodes { get; private set; } = [];

    public string? Error { get; private set; }

    public string Slug => admin.RequiredSite.Slug;

    /// <summary>The site the item is from: this one, or the site above whose item this site shows as a repost.</summary>
    public SiteInfo? Origin { get; private set; }

    public bool CanPush => admin.RequiredActor.Can(ContentPermission.Edit) && Below > 0 && Item is not null && Origin is not null && Item.IsPublic(Origin);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var targets = Scope switch
        {
            "levels" => new PushTargets(Levels: Levels),
            "sites" => new PushTargets(Sites: [.. (Sites ?? string.Empty).Split(['\n', '\r', ' ', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]),
            _ => new PushTargets(AllBelow: true),
        };
        try
        {
            var result = await reposts.PushAsync(admin.RequiredActor, Id, targets, Node, Hold, HttpContext.RequestAborted);
            TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["PushDone"].Value, result.Created, result.AlreadyThere, result.SitesWithoutColumn.Count);
            return Redirect($"{Request.PathBase}/admin/{Slug}/content/edit/{Id}");
        }
        catch (Exception ex) when (ex is RepostException or ContentPermissionException)
        {
            Error = ex.Message;
            return Page();
        }
    }

    private async Task<bool> LoadAsync()
    {
        Item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == Id, HttpContext.RequestAborted);
        Origin = Item is null ? null : admin.RequiredSite;
        if (Item is null && await ShownRepost.FindAsync(db, registry, Id, HttpContext.RequestAborted) is { } shown)
        {
            // A repost this site shows may be passed on down.
            (Origin, Item) = (shown.Source, shown.Item);
        }

        if (Item is null)
        {
            return false;
        }

        var below = registry.Current.DescendantsOf(admin.RequiredSite).ToList();
        Below = below.Count;
        LevelsBelow = [.. below.Select(s => s.Level).Distinct().Order()];
        Nodes = [.. (await AdminColumns.TreeAsync(db, HttpContext.RequestAborted))
            .Where(r => r.Column.CatalogueCode is not null)
            .Select(r => (r.Column.CatalogueCode!, r.Label))];
        return true;
    }
}
