using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Cluster;

/// <summary>
/// 主动公开基本目录 versions (ClusterAdmin only): the versions installed so far, the catalogue
/// files on hand (the recipes folder's and those uploaded here), what installing one would
/// change on every site (the upgrade preview), and installing it through a <c>catalogue</c>
/// recipe step, so it is validated and audited like any recipe. Columns are never deleted:
/// a node dropped from the standard keeps its columns, flagged.
/// </summary>
public sealed partial class CataloguePage(
    AdminContext admin,
    SiteClusterDbContext db,
    CatalogueService catalogue,
    IClusterScope clusterScope,
    SiteClusterPaths paths,
    AdminRecipes recipes,
    IStringLocalizer<AdminStrings> strings) : PageModel
{
    public const long MaxUploadBytes = 1024 * 1024;

    public sealed record CatalogueFile(string Key, string Version, string? Title, int NodeCount);

    /// <summary>The file to preview: <c>recipes/NAME.json</c> or <c>uploaded/NAME.json</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "file")]
    public string? Selected { get; set; }

    public IReadOnlyList<CatalogueVersion> Installed { get; private set; } = [];

    public IReadOnlyList<CatalogueFile> Files { get; private set; } = [];

    public CatalogueFile? Previewed { get; private set; }

    public IReadOnlyList<CatalogueChange>? Changes { get; private set; }

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        await LoadAsync();
        if (Selected is not null)
        {
            if (Read(Selected) is not { } found)
            {
                return NotFound();
            }

            Previewed = found.File;
            using var scope = clusterScope.Open($"catalogue preview by {admin.RequiredUser.UserName}");
            Changes = await catalogue.DiffAsync(found.Definition, HttpContext.RequestAborted);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? upload)
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        if (upload is not { Length: > 0 })
        {
            Errors.Add(strings["UploadChooseFile"]);
        }
        else if (upload.Length > MaxUploadBytes)
        {
            Errors.Add(strings["MediaRejected_TooLarge"]);
        }
        else
        {
            using var reader = new StreamReader(upload.OpenReadStream());
            var json = await reader.ReadToEndAsync(HttpContext.RequestAborted);
            var (definition, problems) = CatalogueReader.Read(json);
            if (definition is null || problems.Count > 0)
            {
                Errors.AddRange(problems.Select(p => p.Field is null ? p.Message : $"{p.Field}: {p.Message}"));
            }
            else
            {
                var name = $"{SafeName().Replace(definition.Version!, "-")}.json";
                var folder = UploadedFolder;
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, name);
                if (System.IO.File.Exists(path) && await System.IO.File.ReadAllTextAsync(path, HttpContext.RequestAborted) != json)
                {
                    Errors.Add(string.Format(CultureInfo.CurrentCulture, strings["CatalogueVersionExists"].Value, definition.Version));
                }
                else
                {
                    await System.IO.File.WriteAllTextAsync(path, json, HttpContext.RequestAborted);
                    return Redirect($"{Request.PathBase}/admin/_cluster/catalogue?file={Uri.EscapeDataString($"uploaded/{name}")}");
                }
            }
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync()
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        if (Selected is null || Read(Selected) is not { } found)
        {
            return NotFound();
        }

        var recipe = new JsonObject
        {
            ["name"] = $"catalogue {found.File.Version}",
            ["steps"] = new JsonArray(new JsonObject { ["name"] = "catalogue", ["file"] = found.Path }),
        };
        var errors = await recipes.ApplyAsync(recipe, HttpContext.RequestAborted);
        if (errors.Count > 0)
        {
            Errors.AddRange(errors.SelectMany(e => e.Value));
            await LoadAsync();
            return Page();
        }

        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["CatalogueInstalled"].Value, found.File.Version);
        return Redirect($"{Request.PathBase}/admin/_cluster/catalogue");
    }

    /// <summary>One change in Chinese words, from its kind and values.</summary>
    public string Describe(CatalogueChange change)
    {
        string Levels() => string.Join(strings["NameSeparator"].Value, (change.Levels ?? []).Select(l => strings[$"Level_{l}"].Value));
        return change.Kind switch
        {
            CatalogueChangeKind.Added => change.Levels is { Count: > 0 } ? string.Format(CultureInfo.CurrentCulture, strings["CatalogueAddedMandatory"].Value, Levels()) : strings["CatalogueAddedOptional"],
            CatalogueChangeKind.Renamed => string.Format(CultureInfo.CurrentCulture, strings["CatalogueRenamed"].Value, change.From),
            CatalogueChangeKind.Moved => string.Format(CultureInfo.CurrentCulture, strings["CatalogueMoved"].Value, change.From ?? strings["CatalogueTop"], change.To ?? strings["CatalogueTop"]),
            CatalogueChangeKind.MandatoryWidened => string.Format(CultureInfo.CurrentCulture, strings["CatalogueWidened"].Value, Levels()),
            _ => strings[$"CatalogueChange_{change.Kind}"],
        };
    }

    private string UploadedFolder => Path.Combine(paths.DataDirectory, "catalogues");

    private async Task LoadAsync()
    {
        Installed = await db.CatalogueVersions.AsNoTracking().OrderByDescending(v => v.InstalledAt).ToListAsync(HttpContext.RequestAborted);
        var keys = Keys("recipes", Path.Combine(paths.RecipesDirectory, "catalogue")).Concat(Keys("uploaded", UploadedFolder));
        Files = [.. keys.Select(Read).OfType<(CatalogueFile File, CatalogueDefinition Definition, string Path)>().Select(f => f.File)];
    }

    private static IEnumerable<string> Keys(string prefix, string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => $"{prefix}/{Path.GetFileName(f)}") : [];

    /// <summary>Reads a file by its key; only plain file names in the two folders are reachable.</summary>
    private (CatalogueFile File, CatalogueDefinition Definition, string Path)? Read(string key)
    {
        var match = FileKey().Match(key);
        if (!match.Success)
        {
            return null;
        }

        var folder = match.Groups[1].Value == "recipes" ? Path.Combine(paths.RecipesDirectory, "catalogue") : UploadedFolder;
        var path = Path.Combine(folder, match.Groups[2].Value);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        var (definition, problems) = CatalogueReader.Read(System.IO.File.ReadAllText(path));
        return definition is null || problems.Count > 0
            ? null
            : (new CatalogueFile(key, definition.Version!, definition.Title, definition.Flatten().Count), definition, path);
    }

    [GeneratedRegex("^(recipes|uploaded)/([A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.json)$")]
    private static partial Regex FileKey();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex SafeName();
}
