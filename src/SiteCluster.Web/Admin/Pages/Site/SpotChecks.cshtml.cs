using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 三随机抽查: the spot checks of the site and of the sites below it the user reaches; an inspector
/// (ClusterAdmin, or the Supervisor of a city for its counties) draws new ones here.
/// </summary>
public sealed class SpotChecksPage(AdminContext admin, SpotChecks spotChecks, ISiteRegistry registry, Microsoft.Extensions.Localization.IStringLocalizer<AdminStrings> strings) : PageModel
{
    public sealed record Row(SpotCheck Check, SiteInfo Site, int Conforming, int NotConforming, int Points);

    public string Slug => admin.RequiredSite.Slug;

    public bool CanStart => spotChecks.CanInspect(admin.RequiredUser, admin.RequiredSite);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public string? Error { get; private set; }

    [BindProperty]
    public int Sites { get; set; } = new SpotCheckDraw().Sites;

    [BindProperty]
    public int Items { get; set; } = new SpotCheckDraw().Items;

    [BindProperty]
    public int WindowDays { get; set; } = new SpotCheckDraw().WindowDays;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostStartAsync()
    {
        if (!CanStart)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            var checks = await spotChecks.StartAsync(
                admin.RequiredUser, admin.RequiredSite, new SpotCheckDraw(Math.Clamp(Sites, 1, 50), Math.Clamp(Items, 0, 50), Math.Clamp(WindowDays, 1, SpotChecks.LookbackDays)),
                cancellationToken: HttpContext.RequestAborted);
            TempData["Message"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["SpotCheckStarted"].Value, checks.Count);
            return Redirect($"{Request.PathBase}/admin/{Slug}/spotchecks");
        }
        catch (SpotCheckException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        var checks = await spotChecks.ListAsync(admin.RequiredUser, admin.RequiredSite, cancellationToken: HttpContext.RequestAborted);
        Rows = [.. checks.Select(c =>
        {
            var points = SpotChecks.PointsOf(c);
            return registry.Current.FindById(c.TenantId) is { } site
                ? new Row(c, site, points.Count(p => p.Verdict == SpotCheckVerdict.Conforms), points.Count(p => p.Verdict == SpotCheckVerdict.DoesNotConform), points.Count)
                : null;
        }).OfType<Row>()];
    }
}
