using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Cluster;

/// <summary>
/// The provincial office's sites page (ClusterAdmin only): every site with its status, search
/// and paging; create a site with its mandatory columns and first webmaster; disable, archive
/// or reactivate. Changes go through the recipe executor, so they are validated and audited
/// like any recipe.
/// </summary>
public sealed class SitesPage(AdminContext admin, ISiteRegistry registry, AdminRecipes recipes, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public const int PageSize = 50;

    public sealed class NewSiteForm
    {
        public string? Parent { get; set; }

        public SiteLevel Level { get; set; } = SiteLevel.County;

        public string? Slug { get; set; }

        public string? Name { get; set; }

        public string? SiteCode { get; set; }

        public string? Organiser { get; set; }

        public string? Hosts { get; set; }

        public string? Webmaster { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public NewSiteForm Form { get; set; } = new();

    public IReadOnlyList<SiteInfo> Sites { get; private set; } = [];

    public int Total { get; private set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public ConfirmPrompt? Confirm { get; private set; }

    /// <summary>How deep a site sits in the tree (province 0), for indenting the list.</summary>
    public int DepthOf(SiteInfo site) => registry.Current.AncestorsOf(site).Count();

    public string? ParentName(SiteInfo site) => site.ParentId is { } id ? registry.Current.FindById(id)?.Name : null;

    public IActionResult OnGet()
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        var slug = Form.Slug?.Trim() ?? string.Empty;
        var site = new JsonObject
        {
            ["slug"] = slug,
            ["name"] = Form.Name?.Trim(),
            ["level"] = Form.Level.ToString(),
            ["parent"] = string.IsNullOrWhiteSpace(Form.Parent) ? null : Form.Parent.Trim(),
            ["siteCode"] = Form.SiteCode?.Trim(),
            ["organiser"] = Form.Organiser?.Trim(),
            ["hosts"] = AdminRecipes.HostList(Form.Hosts),
        };
        var steps = new JsonArray(
            new JsonObject { ["name"] = "sites", ["sites"] = new JsonArray(site) },
            new JsonObject { ["name"] = "columns", ["sites"] = new JsonArray(slug) });
        if (!string.IsNullOrWhiteSpace(Form.Webmaster))
        {
            steps.Add(new JsonObject
            {
                ["name"] = "users",
                ["users"] = new JsonArray(new JsonObject
                {
                    ["userName"] = Form.Webmaster.Trim(),
                    ["memberships"] = new JsonArray(
                        new JsonObject { ["site"] = slug, ["role"] = "SiteAdmin" },
                        new JsonObject { ["site"] = slug, ["role"] = "Editor" }),
                }),
            });
        }

        if (await ApplyAsync(new JsonObject { ["name"] = $"create {slug}", ["steps"] = steps }))
        {
            TempData["Message"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["SiteCreated"].Value, Form.Name);
            return Redirect($"{Request.PathBase}/admin/{slug}");
        }

        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostStatusAsync(string slug, SiteStatus status, bool confirmed)
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        if (registry.Current.FindBySlug(slug) is not { } site)
        {
            return NotFound();
        }

        // Taking a site offline or freezing it asks first; reactivating does not.
        if (status != SiteStatus.Active && !confirmed)
        {
            Confirm = new ConfirmPrompt(
                string.Format(CultureInfo.CurrentCulture, strings["SetStatusQuestion"].Value, strings[$"SetStatus_{status}"], site.Name),
                strings[$"SetStatusDetail_{status}"],
                $"Status&status={status}",
                new Dictionary<string, string> { ["slug"] = site.Slug },
                $"{Request.PathBase}/admin/_cluster/sites?q={Uri.EscapeDataString(site.Slug)}");
            Load();
            return Page();
        }

        if (await ApplyAsync(AdminRecipes.Sites(new JsonObject { ["slug"] = slug, ["status"] = status.ToString() })))
        {
            TempData["Message"] = strings["SavedMessage"].Value;
            return Redirect($"{Request.PathBase}/admin/_cluster/sites?q={Uri.EscapeDataString(slug)}");
        }

        Load();
        return Page();
    }

    private async Task<bool> ApplyAsync(JsonObject recipe)
    {
        foreach (var (field, messages) in await recipes.ApplyAsync(recipe, HttpContext.RequestAborted))
        {
            Errors[field] = messages;
        }

        return Errors.Count == 0;
    }

    private void Load()
    {
        var all = registry.Current.All
            .Where(s => string.IsNullOrWhiteSpace(Query) || s.Name.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase)
                        || s.Slug.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase) || s.Hosts.Any(h => h.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Total = all.Count;
        PageNumber = Math.Max(1, PageNumber);
        Sites = [.. all.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
    }
}
