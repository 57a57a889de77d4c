using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Cluster;

/// <summary>
/// A site's host names (ClusterAdmin only): the first is the primary one; an old domain added
/// here is served as an alias. Saved through a <c>sites</c> recipe, so a host already owned by
/// another site or not a host name is refused next to the field, with what was typed kept.
/// </summary>
public sealed class SiteHostsPage(AdminContext admin, ISiteRegistry registry, AdminRecipes recipes, IStringLocalizer<AdminStrings> strings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = string.Empty;

    [BindProperty]
    public string? Hosts { get; set; }

    public SiteInfo Site { get; private set; } = null!;

    public Dictionary<string, List<string>> Errors { get; private set; } = new(StringComparer.Ordinal);

    public IActionResult OnGet()
    {
        if (!Load())
        {
            return NotFound();
        }

        Hosts = string.Join('\n', Site.Hosts);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Load())
        {
            return NotFound();
        }

        Errors = await recipes.ApplyAsync(AdminRecipes.Sites(new JsonObject { ["slug"] = Site.Slug, ["hosts"] = AdminRecipes.HostList(Hosts) }), HttpContext.RequestAborted);
        if (Errors.Count > 0)
        {
            return Page();
        }

        TempData["Message"] = strings["SavedMessage"].Value;
        return Redirect($"{Request.PathBase}/admin/_cluster/sites?q={Uri.EscapeDataString(Site.Slug)}");
    }

    private bool Load()
    {
        if (!admin.RequiredUser.IsClusterAdmin || registry.Current.FindBySlug(Slug) is not { } site)
        {
            return false;
        }

        Site = site;
        return true;
    }
}
