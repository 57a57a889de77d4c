using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// One spot check of this site: the window and the items drawn, with links to their public pages
/// and editors, and the checklist; the inspector records 符合 or 不符合 and a note per point, a
/// conclusion, and closes it. The site itself and other readers see it without the form.
/// </summary>
public sealed class SpotCheckPage(AdminContext admin, SpotChecks spotChecks, ISiteRegistry registry, IOptions<SiteClusterOptions> options) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public string SiteName => admin.RequiredSite.Name;

    public SpotCheck Check { get; private set; } = null!;

    public IReadOnlyList<SpotCheckItem> Items { get; private set; } = [];

    public IReadOnlyList<SpotCheckPointResult> Points { get; private set; } = [];

    public string InspectorSite => registry.Current.FindById(Check.InspectorSiteId)?.Name ?? string.Empty;

    public bool CanJudge => Check.Status == SpotCheckStatus.Open && spotChecks.CanJudge(admin.RequiredUser, Check);

    public string? Error { get; private set; }

    /// <summary>The item's public page, on the site's public address (<c>SiteCluster:Monitoring:PublicBaseUrl</c>); the site answers with the item's own column path.</summary>
    public string PublicUrl(SpotCheckItem item) => $"{options.Value.Monitoring.PublicUrlOf(admin.RequiredSite).AbsoluteUri}{item.ItemId:N}.html";

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostSaveAsync(Guid id, string? conclusion) => JudgeAsync(id, conclusion, close: false);

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? conclusion) => JudgeAsync(id, conclusion, close: true);

    private async Task<IActionResult> JudgeAsync(Guid id, string? conclusion, bool close)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (!spotChecks.CanJudge(admin.RequiredUser, Check))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var judged = new Dictionary<string, (SpotCheckVerdict? Verdict, string? Note)>(StringComparer.Ordinal);
        foreach (var point in Points)
        {
            var given = Request.Form[$"verdict.{point.Code}"].ToString();
            judged[point.Code] = (Enum.TryParse<SpotCheckVerdict>(given, out var verdict) && Enum.IsDefined(verdict) ? (SpotCheckVerdict?)verdict : null, Request.Form[$"note.{point.Code}"].ToString());
        }

        try
        {
            await spotChecks.JudgeAsync(admin.RequiredUser, id, judged, conclusion, close, HttpContext.RequestAborted);
            return Redirect($"{Request.PathBase}/admin/{Slug}/spotchecks/{id}");
        }
        catch (SpotCheckException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(id);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await spotChecks.FindAsync(id, HttpContext.RequestAborted) is not { } check)
        {
            return false;
        }

        Check = check;
        Items = SpotChecks.ItemsOf(check);
        Points = SpotChecks.PointsOf(check);
        return true;
    }
}
