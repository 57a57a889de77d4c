using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 监测总览: the site and every site below it the user reaches (the provincial office sees the
/// province, a city office its counties, a webmaster their own site), with the latest score,
/// pass or fail, vetoes and the trend of recent runs; failing sites first by default, or by name.
/// </summary>
public sealed class MonitoringPage(AdminContext admin, MonitoringService monitoring, ISiteRegistry registry, Microsoft.Extensions.Localization.IStringLocalizer<AdminStrings> strings, TimeProvider time) : PageModel
{
    public const int TrendRuns = 5;

    /// <summary>Days of availability probes the overview sums up (the national rule's week).</summary>
    public const int AvailabilityDays = 7;

    /// <summary>A site's row: its latest score, recent scores, and the share of its last week's probes that loaded (null without probes).</summary>
    public sealed record Row(SiteInfo Site, MonitoringScore? Latest, IReadOnlyList<decimal> Trend, decimal? Availability = null);

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

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>
    /// The overview as an Excel workbook in the shape of a quarterly inspection notice: one row per
    /// site with its level, score, verdict and vetoes, then its open problems counted by indicator.
    /// </summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetExportAsync()
    {
        await LoadAsync();
        var counts = await monitoring.OpenFindingCountsAsync([.. Rows.Select(r => r.Site.Id)], HttpContext.RequestAborted);
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        var sheet = workbook.Worksheets.Add(strings["ExportSheet"].Value);
        string[] headings = [strings["ExportNumber"], strings["SiteName"], strings["Level"], strings["Score"], strings["Verdict"], strings["Vetoes"], .. RuleNames.Values];
        for (var c = 0; c < headings.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headings[c];
        }

        var row = 2;
        foreach (var site in Rows)
        {
            sheet.Cell(row, 1).Value = row - 1;
            sheet.Cell(row, 2).Value = site.Site.Name;
            sheet.Cell(row, 3).Value = strings[$"Level_{site.Site.Level}"].Value;
            sheet.Cell(row, 4).Value = site.Latest?.Score ?? 0;
            sheet.Cell(row, 5).Value = site.Latest is null ? strings["NotMonitored"].Value : site.Latest.Passed ? strings["Passed"].Value : strings["Failed"].Value;
            sheet.Cell(row, 6).Value = string.Join(strings["NameSeparator"].Value, (site.Latest?.Vetoes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => RuleNames.GetValueOrDefault(v, v)));
            var column = 7;
            foreach (var rule in RuleNames.Keys)
            {
                sheet.Cell(row, column++).Value = counts.GetValueOrDefault((site.Site.Id, rule));
            }

            row++;
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.Columns().AdjustToContents();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        var name = $"{strings["ExportFileName"].Value}-{SiteCluster.Core.BeijingTime.Today(TimeProvider.System):yyyy-MM-dd}.xlsx";
        return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    private async Task LoadAsync()
    {
        var snapshot = registry.Current;
        var user = admin.RequiredUser;
        var sites = registry.Current.DescendantsOf(admin.RequiredSite).Prepend(admin.RequiredSite)
            .Where(s => user.RolesOn(s, snapshot).Count > 0).ToList();
        var scores = await monitoring.ScoresAsync([.. sites.Select(s => s.Id)], TrendRuns, HttpContext.RequestAborted);
        RuleNames = await monitoring.RuleNamesAsync(HttpContext.RequestAborted);
        var availability = await monitoring.AvailabilityAsync([.. sites.Select(s => s.Id)], time.GetUtcNow().AddDays(-AvailabilityDays), HttpContext.RequestAborted);
        var rows = sites.Select(s => new Row(
            s,
            scores[s.Id].FirstOrDefault(),
            [.. scores[s.Id].Select(x => x.Score).Reverse()],
            availability.TryGetValue(s.Id, out var probes) && probes.Total > 0 ? Math.Round(100m * (probes.Total - probes.Failed) / probes.Total, 1) : null));
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
