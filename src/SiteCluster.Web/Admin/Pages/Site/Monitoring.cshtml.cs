using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 监测总览: the site and every site below it the user reaches (the provincial office sees the
/// province, a city office its counties, a webmaster their own site), with the latest score,
/// pass or fail, vetoes and the trend of recent runs; failing sites first by default, or by name.
/// </summary>
public sealed class MonitoringPage(AdminContext admin, MonitoringService monitoring, ISiteRegistry registry, Microsoft.Extensions.Localization.IStringLocalizer<AdminStrings> strings) : PageModel
{
    public const int TrendRuns = 5;

    public sealed record Row(SiteInfo Site, MonitoringScore? Latest, IReadOnlyList<decimal> Trend);

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "score";

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public bool FailedOnly { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyDictionary<string, string> RuleNames { get; private set; } = new Dictionary<string, string>();

    public string Slug => admin.RequiredSite.Slug;

    /// <summary>The provincial office (ClusterAdmin) starts a run on demand.</summary>
    public bool CanRun => admin.RequiredUser.IsClusterAdmin;

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnPostRunAsync()
    {
        if (!CanRun)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var result = await monitoring.RunAsync(HttpContext.RequestAborted);
        TempData["Message"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["MonitoringRan"].Value, result.Sites.Count, result.Sites.Count(s => !s.Passed));
        return Redirect($"{Request.PathBase}/admin/{Slug}/monitoring");
    }

    public async Task OnGetAsync()
    {
        var snapshot = registry.Current;
        var user = admin.RequiredUser;
        var sites = registry.Current.DescendantsOf(admin.RequiredSite).Prepend(admin.RequiredSite)
            .Where(s => user.RolesOn(s, snapshot).Count > 0).ToList();
        var scores = await monitoring.ScoresAsync([.. sites.Select(s => s.Id)], TrendRuns, HttpContext.RequestAborted);
        RuleNames = await monitoring.RuleNamesAsync(HttpContext.RequestAborted);
        var rows = sites.Select(s => new Row(s, scores[s.Id].FirstOrDefault(), [.. scores[s.Id].Select(x => x.Score).Reverse()]));
        if (FailedOnly)
        {
            rows = rows.Where(r => r.Latest is { Passed: false });
        }

        Rows = Sort == "name"
            ? [.. rows.OrderBy(r => r.Site.Name, StringComparer.Ordinal)]
            : [.. rows.OrderBy(r => r.Latest?.Passed ?? true).ThenBy(r => r.Latest?.Score ?? 101)];
    }

    /// <summary>A small server-drawn line of the recent scores (no JavaScript), 0–100 upward.</summary>
    public static string TrendPoints(IReadOnlyList<decimal> trend) =>
        string.Join(' ', trend.Select((score, i) => FormattableString.Invariant($"{(trend.Count == 1 ? 40 : i * 80 / (trend.Count - 1))},{20 - (score / 5m):0.#}")));
}
