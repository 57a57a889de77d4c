using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>Site settings a site admin changes without code: name, organiser, footer numbers, theme, expired-content behaviour.</summary>
public sealed class SettingsPage(AdminContext admin, SiteClusterDbContext db, ISiteRegistry registry, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public sealed class SettingsForm
    {
        public string? Name { get; set; }

        public string? Organiser { get; set; }

        public string? IcpNumber { get; set; }

        public string? PublicSecurityNumber { get; set; }

        public string? Theme { get; set; }

        public ExpiredContentDisplay ExpiredContent { get; set; }

        public string? Color { get; set; }

        public Guid? Logo { get; set; }

        public Guid? Banner { get; set; }

        public List<string> HomeColumns { get; set; } = [];

        /// <summary>One link per line: a name, a space, an address.</summary>
        public string? QuickLinks { get; set; }
    }

    public const int MaxQuickLinks = 12;

    [BindProperty]
    public SettingsForm Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string Slug => admin.RequiredSite.Slug;

    /// <summary>The site's images, for the emblem and banner.</summary>
    public IReadOnlyList<MediaItem> Images { get; private set; } = [];

    /// <summary>The site's catalogue columns (code, name, depth), for the home blocks.</summary>
    public IReadOnlyList<(string Code, string Name, int Depth)> CatalogueColumns { get; private set; } = [];

    public bool CanChange => admin.RequiredActor.Roles.Contains(SiteRole.SiteAdmin) || admin.RequiredActor.Roles.Contains(SiteRole.ClusterAdmin);

    public async Task OnGetAsync()
    {
        var site = admin.RequiredSite;
        var look = site.Look;
        Form = new SettingsForm
        {
            Name = site.Name,
            Organiser = site.Organiser,
            IcpNumber = site.IcpNumber,
            PublicSecurityNumber = site.PublicSecurityNumber,
            Theme = site.Theme,
            ExpiredContent = site.ExpiredContent,
            Color = look.Color,
            Logo = look.LogoMediaId,
            Banner = look.BannerMediaId,
            HomeColumns = [.. look.EffectiveHomeColumns],
            QuickLinks = string.Join('\n', look.QuickLinks.Select(l => $"{l.Name} {l.Url}")),
        };
        await LoadChoicesAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanChange)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Require("name", Form.Name, 200);
        Require("organiser", Form.Organiser, 200);
        if (Form.PublicSecurityNumber is { Length: > 0 } psn && !psn.Any(char.IsDigit))
        {
            Errors["publicSecurityNumber"] = strings["PublicSecurityNumberInvalid"];
        }

        if (!string.IsNullOrWhiteSpace(Form.Color) && !SiteAppearance.IsReadableUnderWhiteText(Form.Color.Trim().ToLowerInvariant()))
        {
            Errors["color"] = strings["ColorUnreadable"];
        }

        await LoadChoicesAsync();
        if ((Form.Logo is { } logo && Images.All(i => i.Id != logo)) || (Form.Banner is { } banner && Images.All(i => i.Id != banner)))
        {
            Errors["logo"] = strings["ImageNotOfSite"];
        }

        var links = ParseQuickLinks(Form.QuickLinks);
        if (Errors.Count > 0)
        {
            return Page();
        }

        var site = await db.Sites.SingleAsync(s => s.Id == admin.RequiredSite.Id, HttpContext.RequestAborted);
        site.Name = Form.Name!.Trim();
        site.Organiser = Form.Organiser!.Trim();
        site.IcpNumber = string.IsNullOrWhiteSpace(Form.IcpNumber) ? null : Form.IcpNumber.Trim();
        site.PublicSecurityNumber = string.IsNullOrWhiteSpace(Form.PublicSecurityNumber) ? null : Form.PublicSecurityNumber.Trim();
        site.Theme = SiteChrome.Themes.Contains(Form.Theme) ? Form.Theme! : "base";
        site.ExpiredContent = Form.ExpiredContent;
        var known = CatalogueColumns.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        site.Appearance = new SiteAppearance
        {
            Color = string.IsNullOrWhiteSpace(Form.Color) ? null : Form.Color.Trim().ToLowerInvariant(),
            LogoMediaId = Form.Logo,
            BannerMediaId = Form.Banner,
            HomeColumns = [.. CatalogueColumns.Select(c => c.Code).Where(c => Form.HomeColumns.Contains(c) && known.Contains(c))],
            QuickLinks = links,
        }.ToJson();
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        await registry.ReloadAsync(HttpContext.RequestAborted);
        TempData["Message"] = strings["SavedMessage"].Value;
        return Redirect($"{Request.PathBase}/admin/{Slug}/settings");
    }

    private async Task LoadChoicesAsync()
    {
        Images = await db.MediaItems.AsNoTracking().Where(m => m.Kind == MediaKind.Image).OrderByDescending(m => m.UploadedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        var catalogue = (await AdminColumns.TreeAsync(db, HttpContext.RequestAborted)).Where(r => r.Column.CatalogueCode is not null);
        CatalogueColumns = [.. catalogue.Select(r => (r.Column.CatalogueCode!, r.Column.Name, r.Depth))];
    }

    /// <summary>Reads the quick links typed one per line (名称 网址), noting the first bad line next to the field.</summary>
    private List<QuickLink> ParseQuickLinks(string? typed)
    {
        var links = new List<QuickLink>();
        foreach (var line in (typed ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.LastIndexOf(' ');
            var name = space > 0 ? line[..space].Trim() : string.Empty;
            var url = space > 0 ? line[(space + 1)..].Trim() : line;
            var valid = name.Length is > 0 and <= 20
                && ((url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
                    || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"));
            if (!valid)
            {
                Errors["quickLinks"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["QuickLinkInvalid"].Value, line);
                return links;
            }

            links.Add(new QuickLink(name, url));
        }

        if (links.Count > MaxQuickLinks)
        {
            Errors["quickLinks"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["QuickLinksTooMany"].Value, MaxQuickLinks);
        }

        return links;
    }

    private void Require(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Errors[field] = strings["RequiredField"];
        }
        else if (value.Trim().Length > maxLength)
        {
            Errors[field] = string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["TooLong"].Value, maxLength);
        }
    }
}
