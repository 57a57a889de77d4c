using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Cluster;

/// <summary>
/// The provincial office's sites page (ClusterAdmin only): every site with its status, search
/// and paging; create a site with its mandatory columns and first webmaster; disable, archive
/// or reactivate. Changes go through the recipe executor, so they are validated and audited
/// like any recipe.
/// </summary>
public sealed class SitesPage(AdminContext admin, ISiteRegistry registry, RecipeExecutor recipes, IStringLocalizer<AdminStrings> strings) : PageModel
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
            ["hosts"] = new JsonArray([.. (Form.Hosts ?? string.Empty).Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(h => (JsonNode)h.Trim())]),
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

    public async Task<IActionResult> OnPostStatusAsync(string slug, SiteStatus status)
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        var recipe = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject
            {
                ["name"] = "sites",
                ["sites"] = new JsonArray(new JsonObject { ["slug"] = slug, ["status"] = status.ToString() }),
            }),
        };
        if (await ApplyAsync(recipe))
        {
            TempData["Message"] = strings["SavedMessage"].Value;
            return Redirect($"{Request.PathBase}/admin/_cluster/sites?q={Uri.EscapeDataString(slug)}");
        }

        Load();
        return Page();
    }

    private async Task<bool> ApplyAsync(JsonObject recipe)
    {
        var json = recipe.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        try
        {
            await recipes.ApplyAsync($"admin-{admin.RequiredUser.UserName}.json", json, HttpContext.RequestAborted);
            return true;
        }
        catch (RecipeException ex)
        {
            foreach (var error in ex.Errors)
            {
                // sites[0].siteCode → siteCode: the field of the form.
                var field = error.Field?.Split('.').Last() ?? string.Empty;
                field = field.StartsWith("hosts", StringComparison.Ordinal) ? "hosts" : field;
                if (!Errors.TryGetValue(field, out var list))
                {
                    Errors[field] = list = [];
                }

                list.Add(error.Message);
            }

            return false;
        }
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
