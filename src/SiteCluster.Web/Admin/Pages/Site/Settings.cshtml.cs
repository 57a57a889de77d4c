using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;

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
    }

    [BindProperty]
    public SettingsForm Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string Slug => admin.RequiredSite.Slug;

    public bool CanChange => admin.RequiredActor.Roles.Contains(SiteRole.SiteAdmin) || admin.RequiredActor.Roles.Contains(SiteRole.ClusterAdmin);

    public void OnGet()
    {
        var site = admin.RequiredSite;
        Form = new SettingsForm
        {
            Name = site.Name,
            Organiser = site.Organiser,
            IcpNumber = site.IcpNumber,
            PublicSecurityNumber = site.PublicSecurityNumber,
            Theme = site.Theme,
            ExpiredContent = site.ExpiredContent,
        };
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

        if (Errors.Count > 0)
        {
            return Page();
        }

        var site = await db.Sites.SingleAsync(s => s.Id == admin.RequiredSite.Id, HttpContext.RequestAborted);
        site.Name = Form.Name!.Trim();
        site.Organiser = Form.Organiser!.Trim();
        site.IcpNumber = string.IsNullOrWhiteSpace(Form.IcpNumber) ? null : Form.IcpNumber.Trim();
        site.PublicSecurityNumber = string.IsNullOrWhiteSpace(Form.PublicSecurityNumber) ? null : Form.PublicSecurityNumber.Trim();
        site.Theme = string.IsNullOrWhiteSpace(Form.Theme) ? "base" : Form.Theme.Trim();
        site.ExpiredContent = Form.ExpiredContent;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        await registry.ReloadAsync(HttpContext.RequestAborted);
        TempData["Message"] = strings["SavedMessage"].Value;
        return Redirect($"{Request.PathBase}/admin/{Slug}/settings");
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
