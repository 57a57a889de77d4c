using System.Globalization;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// One year's annual report: its counted cells (read only; counted again on demand), the cells
/// and text sections entered by hand, a preview of what is published, publishing as the site's
/// Report item through review, and the Excel export.
/// </summary>
public sealed class AnnualReportPage(
    AdminContext admin, AnnualReports reports, ContentTypeStore types, SiteClusterDbContext db, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public int Year { get; private set; }

    public AnnualReport? Report { get; private set; }

    public IReadOnlyDictionary<string, decimal> Figures { get; private set; } = new Dictionary<string, decimal>();

    /// <summary>Proactive items published in the year by content type (display name, count).</summary>
    public IReadOnlyList<(string Type, decimal Count)> ByType { get; private set; } = [];

    /// <summary>The published item's state, when the report was sent to publishing.</summary>
    public (ContentStatus Status, ReviewState Review)? Item { get; private set; }

    public string Preview { get; private set; } = string.Empty;

    /// <summary>The title the published item gets.</summary>
    public string Title { get; private set; } = string.Empty;

    public string? Error { get; private set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(int year)
    {
        await LoadAsync(year);
        return Page();
    }

    public Task<IActionResult> OnPostGenerateAsync(int year) =>
        ActAsync(year, () => reports.GenerateAsync(admin.RequiredActor, year, HttpContext.RequestAborted), "AnnualReportCounted");

    public async Task<IActionResult> OnPostSaveAsync(int year, string? overview, string? problems, string? otherMatters)
    {
        var hand = new Dictionary<string, decimal>();
        var errors = new Dictionary<string, string>();
        foreach (var key in AnnualReportLayout.HandKeys())
        {
            var raw = Request.Form[$"f.{key}"].ToString().Trim();
            if (raw.Length == 0)
            {
                hand[key] = 0;
            }
            else if (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                hand[key] = value;
            }
            else
            {
                errors[key] = strings["AnnualReportNumber"];
            }
        }

        if (errors.Count > 0)
        {
            Errors = errors;
            return await RefusedAsync(year, strings["AnnualReportInvalid"]);
        }

        return await ActAsync(year, () => reports.SaveAsync(admin.RequiredActor, year, new AnnualReportEdit(overview, problems, otherMatters, hand), HttpContext.RequestAborted), "AnnualReportSaved");
    }

    public async Task<IActionResult> OnPostPublishAsync(int year)
    {
        try
        {
            await reports.SubmitForPublishingAsync(admin.RequiredActor, year, HttpContext.RequestAborted);
            TempData["Message"] = strings["AnnualReportSubmitted"].Value;
            return Redirect($"{Request.PathBase}/admin/{Slug}/annual-reports/{year}");
        }
        catch (ContentValidationException ex)
        {
            return await RefusedAsync(year, string.Join(" ", ex.Problems.Select(p => p.Message)));
        }
        catch (Exception ex) when (ex is InteractionException or ContentPermissionException or ContentStateException or KeyNotFoundException)
        {
            return await RefusedAsync(year, ex.Message);
        }
    }

    /// <summary>The report's tables as an Excel workbook, laid out as the national form.</summary>
    public async Task<IActionResult> OnGetExportAsync(int year)
    {
        await LoadAsync(year);
        if (Report is null)
        {
            return NotFound();
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(year.ToString(CultureInfo.InvariantCulture));
        var row = 1;
        void Line(params object[] cells)
        {
            for (var c = 0; c < cells.Length; c++)
            {
                sheet.Cell(row, c + 1).Value = cells[c] switch
                {
                    decimal number => number,
                    string text => text,
                    _ => cells[c].ToString(),
                };
            }

            row++;
        }

        decimal F(string key) => Figures.GetValueOrDefault(key);
        Line(reports.TitleOf(year));
        row++;
        Line("一、总体情况");
        Line(Report.Overview ?? string.Empty);
        row++;
        Line("二、主动公开政府信息情况");
        Line(["信息内容", .. AnnualReportLayout.DocumentColumns.Select(c => c.Label)]);
        foreach (var document in AnnualReportLayout.DocumentRows)
        {
            Line([document.Label, .. AnnualReportLayout.DocumentColumns.Select(c => (object)F($"{document.Key}.{c.Key}"))]);
        }

        Line("信息内容", "本年处理决定数量");
        foreach (var decision in AnnualReportLayout.DecisionRows)
        {
            Line(decision.Label, F(decision.Key));
        }

        Line("信息内容", "本年收费金额（单位：万元）");
        Line(AnnualReportLayout.FeesRow.Label, F(AnnualReportLayout.FeesRow.Key));
        row++;
        Line("三、收到和处理政府信息公开申请情况");
        Line([string.Empty, .. AnnualReportLayout.ApplicantColumns.Select(c => c.Level == 1 ? $"{AnnualReportLayout.OrganisationGroup}：{c.Label}" : c.Label)]);
        foreach (var application in AnnualReportLayout.ApplicationRows)
        {
            Line([application.Label, .. AnnualReportLayout.ApplicantColumns.Select(c => application.Key.Length == 0 ? (object)string.Empty : F(AnnualReportLayout.ApplicationKey(application.Key, c.Key)))]);
        }

        row++;
        Line("四、政府信息公开行政复议、行政诉讼情况");
        Line([string.Empty, .. AnnualReportLayout.ReviewColumns.Select(c => c.Label)]);
        foreach (var group in AnnualReportLayout.ReviewGroups)
        {
            Line([group.Label, .. AnnualReportLayout.ReviewColumns.Select(c => (object)F($"{group.Key}.{c.Key}"))]);
        }

        row++;
        Line("五、存在的主要问题及改进情况");
        Line(Report.Problems ?? string.Empty);
        Line("六、其他需要报告的事项");
        Line(Report.OtherMatters ?? string.Empty);
        sheet.Column(1).Width = 60;
        for (var c = 2; c <= 6; c++)
        {
            sheet.Column(c).Width = 14;
        }

        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{Slug}-{year}-annual-report.xlsx");
    }

    private async Task<IActionResult> ActAsync(int year, Func<Task<AnnualReport>> action, string done)
    {
        try
        {
            await action();
            TempData["Message"] = strings[done].Value;
            return Redirect($"{Request.PathBase}/admin/{Slug}/annual-reports/{year}");
        }
        catch (InteractionException ex)
        {
            Errors = ex.Fields;
            return await RefusedAsync(year, ex.Message);
        }
        catch (Exception ex) when (ex is ContentPermissionException or KeyNotFoundException)
        {
            return await RefusedAsync(year, ex.Message);
        }
    }

    private async Task<IActionResult> RefusedAsync(int year, string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(year);
        return Page();
    }

    private async Task LoadAsync(int year)
    {
        Year = year;
        Report = await reports.FindAsync(year, HttpContext.RequestAborted);
        if (Report is null)
        {
            return;
        }

        Figures = Report.ReadFigures();
        var names = (await types.AllAsync(HttpContext.RequestAborted)).ToDictionary(t => t.Key, t => t.Value.DisplayName ?? t.Key);
        ByType = [.. Figures.Where(f => f.Key.StartsWith("type.", StringComparison.Ordinal))
            .OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (names.GetValueOrDefault(f.Key[5..], f.Key[5..]), f.Value))];
        if (Report.ContentItemId is { } itemId)
        {
            var item = await db.ContentItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => new { i.Status, i.Review }).SingleOrDefaultAsync(HttpContext.RequestAborted);
            Item = item is null ? null : (item.Status, item.Review);
        }

        Preview = AnnualReports.Render(Report);
        Title = reports.TitleOf(year);
    }
}
