using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>What an editor changes on a draft report: the text sections and the cells entered by hand.</summary>
public sealed record AnnualReportEdit(string? Overview, string? Problems, string? OtherMatters, IReadOnlyDictionary<string, decimal> HandFigures);

/// <summary>
/// 政府信息公开工作年度报告 (RULES.md §3) per site and year: counted from the site's own data
/// (its proactive items published that year, its applications received or concluded that
/// year), completed by hand, previewed, and published as a Report item of the site's
/// 政府信息公开年报 column through the usual review, where the annual report rule finds it.
/// </summary>
public sealed partial class AnnualReports(SiteClusterDbContext db, TenantContext tenant, ContentService content, ContentTypeStore types, TimeProvider time)
{
    /// <summary>The catalogue node of the annual reports column (政府信息公开年报).</summary>
    public const string ReportColumnCode = "1103";

    /// <summary>The catalogue node whose items are normative documents whatever their flag (规范性文件).</summary>
    public const string NormativeColumnCode = "0203";

    /// <summary>The PolicyDocument field that marks a normative document.</summary>
    public const string NormativeField = "normative";

    private SiteInfo Site => tenant.Site ?? throw new TenantIsolationException("An annual report belongs to a site; this scope has none.");

    public IQueryable<AnnualReport> Query() => db.AnnualReports.AsNoTracking();

    public async Task<AnnualReport?> FindAsync(int year, CancellationToken cancellationToken = default) =>
        await db.AnnualReports.AsNoTracking().SingleOrDefaultAsync(r => r.Year == year, cancellationToken);

    /// <summary>
    /// Creates the year's draft, or counts its counted cells again from the data; the cells
    /// entered by hand and the text stay (an empty overview gets a generated first paragraph).
    /// </summary>
    public async Task<AnnualReport> GenerateAsync(ContentActor actor, int year, CancellationToken cancellationToken = default)
    {
        RequireEditor(actor);
        if (year < 2000 || year > BeijingTime.Today(time).Year)
        {
            throw new InteractionException(CoreText.Get("AnnualReport_Year"));
        }

        var report = await db.AnnualReports.SingleOrDefaultAsync(r => r.Year == year, cancellationToken);
        var now = time.GetUtcNow();
        if (report is null)
        {
            report = new AnnualReport { Id = Guid.CreateVersion7(), TenantId = Site.Id, Year = year };
            db.AnnualReports.Add(report);
        }

        var counted = await CountAsync(year, cancellationToken);
        var figures = report.ReadFigures().Where(f => !AnnualReportLayout.IsCounted(f.Key)).ToDictionary(f => f.Key, f => f.Value);
        foreach (var (key, value) in counted)
        {
            figures[key] = value;
        }

        foreach (var key in AnnualReportLayout.HandKeys())
        {
            figures.TryAdd(key, 0);
        }

        Totals(figures);
        report.WriteFigures(figures);
        if (string.IsNullOrWhiteSpace(report.Overview))
        {
            report.Overview = await OverviewAsync(year, figures, cancellationToken);
        }

        report.GeneratedAt = now;
        report.UpdatedAt = now;
        report.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    /// <summary>Saves the editor's text and hand-entered cells; the counted cells cannot be changed here.</summary>
    public async Task<AnnualReport> SaveAsync(ContentActor actor, int year, AnnualReportEdit edit, CancellationToken cancellationToken = default)
    {
        RequireEditor(actor);
        var report = await db.AnnualReports.SingleOrDefaultAsync(r => r.Year == year, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("AnnualReport_NotFound", year));
        const int textLength = 20000;
        var errors = new FormErrors();
        report.Overview = errors.Optional(nameof(edit.Overview), edit.Overview, textLength);
        report.Problems = errors.Optional(nameof(edit.Problems), edit.Problems, textLength);
        report.OtherMatters = errors.Optional(nameof(edit.OtherMatters), edit.OtherMatters, textLength);
        var figures = report.ReadFigures().ToDictionary(f => f.Key, f => f.Value);
        var hand = AnnualReportLayout.HandKeys().ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in edit.HandFigures)
        {
            if (!hand.Contains(key))
            {
                continue;
            }

            if (value < 0 || value > 1_000_000_000)
            {
                errors.Add(key, CoreText.Get("AnnualReport_Number"));
            }

            figures[key] = value;
        }

        errors.ThrowIfAny(CoreText.Get("AnnualReport_Invalid"));

        Totals(figures);
        report.WriteFigures(figures);
        report.UpdatedAt = time.GetUtcNow();
        report.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    /// <summary>
    /// 发布: writes the report as the body of the site's Report item for the year (报告类别
    /// 政府信息公开工作年度报告, 年度 = year) in its 政府信息公开年报 column, creating it the first
    /// time and a new version afterwards, and sends it to confidentiality review like any item.
    /// </summary>
    public async Task<ContentItem> SubmitForPublishingAsync(ContentActor actor, int year, CancellationToken cancellationToken = default)
    {
        RequireEditor(actor);
        var report = await db.AnnualReports.SingleOrDefaultAsync(r => r.Year == year, cancellationToken)
            ?? throw new KeyNotFoundException(CoreText.Format("AnnualReport_NotFound", year));
        var column = await db.Columns.AsNoTracking().Where(c => c.CatalogueCode == ReportColumnCode && !c.CatalogueRemoved)
            .OrderBy(c => c.IsHidden).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InteractionException(CoreText.Get("AnnualReport_NoColumn"));
        var draft = new ContentDraft
        {
            ColumnId = column,
            Title = TitleOf(year),
            Body = Render(report),
            Publisher = Site.Organiser,
            GenreCategory = "报告",
            Fields = new JsonObject
            {
                // The whole-number field reads a long (a boxed int does not convert).
                [MonitoredContent.ReportYearField] = (long)year,
                [MonitoredContent.ReportKindField] = MonitoredContent.DisclosureAnnualReport,
            },
        };

        var existing = report.ContentItemId is { } itemId
            ? await db.ContentItems.AsNoTracking().Where(i => i.Id == itemId && i.Status != ContentStatus.Withdrawn).Select(i => (int?)i.CurrentVersion).SingleOrDefaultAsync(cancellationToken)
            : null;
        var item = existing is { } version
            ? await content.SaveAsync(actor, report.ContentItemId!.Value, draft, version, cancellationToken)
            : await content.CreateAsync(actor, MonitoredContent.Report, draft, cancellationToken);
        report.ContentItemId = item.Id;
        report.UpdatedAt = time.GetUtcNow();
        report.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return await content.SubmitAsync(actor, item.Id, cancellationToken: cancellationToken);
    }

    public string TitleOf(int year) => CoreText.Document("AnnualReport_Title", Site.Name, year);

    /// <summary>The report as the HTML its Report item shows: the six sections and the national tables.</summary>
    public static string Render(AnnualReport report)
    {
        var f = report.ReadFigures();
        string N(string key) => AnnualReportLayout.Format(f.GetValueOrDefault(key));
        var html = new StringBuilder();
        void Heading(string text) => html.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>");
        void Paragraphs(string? text)
        {
            foreach (var line in (text ?? "无。").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
            }
        }

        void Cell(string tag, string text, int colspan = 1, string? scope = null)
        {
            html.Append('<').Append(tag);
            if (colspan > 1)
            {
                html.Append(" colspan=\"").Append(colspan.ToString(CultureInfo.InvariantCulture)).Append('"');
            }

            if (scope is not null)
            {
                html.Append(" scope=\"").Append(scope).Append('"');
            }

            html.Append('>').Append(WebUtility.HtmlEncode(text)).Append("</").Append(tag).Append('>');
        }

        // A column header over two header rows.
        void CellSpan(string tag, string text, int rows)
        {
            html.Append('<').Append(tag).Append(" rowspan=\"").Append(rows.ToString(CultureInfo.InvariantCulture)).Append("\" scope=\"col\">")
                .Append(WebUtility.HtmlEncode(text)).Append("</").Append(tag).Append('>');
        }

        Heading("一、总体情况");
        Paragraphs(report.Overview);

        Heading("二、主动公开政府信息情况");
        html.Append("<table><thead><tr>");
        Cell("th", "第二十条第（一）项", 4, "colgroup");
        html.Append("</tr><tr>");
        Cell("th", "信息内容", scope: "col");
        foreach (var column in AnnualReportLayout.DocumentColumns)
        {
            Cell("th", column.Label, scope: "col");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in AnnualReportLayout.DocumentRows)
        {
            html.Append("<tr>");
            Cell("th", row.Label, scope: "row");
            foreach (var column in AnnualReportLayout.DocumentColumns)
            {
                Cell("td", N($"{row.Key}.{column.Key}"));
            }

            html.Append("</tr>");
        }

        html.Append("<tr>");
        Cell("th", "第二十条第（五）项", 4, "colgroup");
        html.Append("</tr><tr>");
        Cell("th", "信息内容", scope: "col");
        Cell("th", "本年处理决定数量", 3, "col");
        html.Append("</tr>");
        foreach (var row in AnnualReportLayout.DecisionRows)
        {
            html.Append("<tr>");
            Cell("th", row.Label, scope: "row");
            Cell("td", N(row.Key), 3);
            html.Append("</tr>");
        }

        html.Append("<tr>");
        Cell("th", "第二十条第（八）项", 4, "colgroup");
        html.Append("</tr><tr>");
        Cell("th", "信息内容", scope: "col");
        Cell("th", "本年收费金额（单位：万元）", 3, "col");
        html.Append("</tr><tr>");
        Cell("th", AnnualReportLayout.FeesRow.Label, scope: "row");
        Cell("td", N(AnnualReportLayout.FeesRow.Key), 3);
        html.Append("</tr></tbody></table>");

        Heading("三、收到和处理政府信息公开申请情况");
        html.Append("<table><thead><tr>");
        CellSpan("th", "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", rows: 2);
        var organisations = AnnualReportLayout.ApplicantColumns.Count(c => c.Level == 1);
        foreach (var column in AnnualReportLayout.ApplicantColumns.Where(c => c.Level == 0 || c == AnnualReportLayout.ApplicantColumns.First(o => o.Level == 1)))
        {
            if (column.Level == 1)
            {
                Cell("th", AnnualReportLayout.OrganisationGroup, organisations, "colgroup");
            }
            else
            {
                CellSpan("th", column.Label, rows: 2);
            }
        }

        html.Append("</tr><tr>");
        foreach (var column in AnnualReportLayout.ApplicantColumns.Where(c => c.Level == 1))
        {
            Cell("th", column.Label, scope: "col");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in AnnualReportLayout.ApplicationRows)
        {
            html.Append("<tr>");
            Cell("th", row.Label, scope: "row");
            foreach (var column in AnnualReportLayout.ApplicantColumns)
            {
                Cell("td", row.Key.Length == 0 ? string.Empty : N(AnnualReportLayout.ApplicationKey(row.Key, column.Key)));
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");

        Heading("四、政府信息公开行政复议、行政诉讼情况");
        html.Append("<table><thead><tr>");
        foreach (var group in AnnualReportLayout.ReviewGroups)
        {
            Cell("th", group.Label, AnnualReportLayout.ReviewColumns.Count, "colgroup");
        }

        html.Append("</tr><tr>");
        foreach (var column in AnnualReportLayout.ReviewGroups.SelectMany(_ => AnnualReportLayout.ReviewColumns))
        {
            Cell("th", column.Label, scope: "col");
        }

        html.Append("</tr></thead><tbody><tr>");
        foreach (var group in AnnualReportLayout.ReviewGroups)
        {
            foreach (var column in AnnualReportLayout.ReviewColumns)
            {
                Cell("td", N($"{group.Key}.{column.Key}"));
            }
        }

        html.Append("</tr></tbody></table>");

        Heading("五、存在的主要问题及改进情况");
        Paragraphs(report.Problems);
        Heading("六、其他需要报告的事项");
        Paragraphs(report.OtherMatters);
        return html.ToString();
    }

    /// <summary>
    /// The counted cells for <paramref name="year"/> (Beijing dates):
    /// 二 from the site's own PolicyDocuments that are or were public (withdrawn ones are not
    /// counted); 三 from its applications; and the proactive items published that year by type.
    /// </summary>
    public async Task<Dictionary<string, decimal>> CountAsync(int year, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var from = BeijingTime.StartOf(first);
        var to = BeijingTime.StartOf(first.AddYears(1));
        var figures = new Dictionary<string, decimal>();

        var shown = db.ContentItems.AsNoTracking()
            .Where(i => (i.Status == ContentStatus.Published || i.Status == ContentStatus.Expired) && i.Disclosure == DisclosureAttribute.Proactive && i.PublishedAt != null);
        var byType = await shown.Where(i => i.PublishedAt >= from && i.PublishedAt < to)
            .GroupBy(i => i.ContentType).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var type in byType)
        {
            figures[$"type.{type.Key}"] = type.Count;
        }

        var normativeColumns = await db.Columns.AsNoTracking().Where(c => c.CatalogueCode == NormativeColumnCode).Select(c => c.Id).ToListAsync(cancellationToken);
        var policies = await shown.Where(i => i.ContentType == MonitoredContent.PolicyDocument && i.PublishedAt < to)
            .Select(i => new { i.ColumnId, i.Fields, i.DocumentNumber, i.PublishedAt, i.ExpiryDate }).ToListAsync(cancellationToken);
        foreach (var row in AnnualReportLayout.DocumentRows)
        {
            foreach (var column in AnnualReportLayout.DocumentColumns)
            {
                figures[$"{row.Key}.{column.Key}"] = 0;
            }
        }

        foreach (var policy in policies)
        {
            var kind = IsRegulation(policy.DocumentNumber) ? "regulation"
                : normativeColumns.Contains(policy.ColumnId) || IsNormative(policy.Fields) ? "normative"
                : null;
            if (kind is null)
            {
                continue;
            }

            if (policy.PublishedAt >= from)
            {
                figures[$"{kind}.issued"]++;
            }

            if (policy.ExpiryDate is { } expiry && expiry >= first && expiry <= last)
            {
                figures[$"{kind}.repealed"]++;
            }

            if (policy.ExpiryDate is not { } ends || ends > last)
            {
                figures[$"{kind}.valid"]++;
            }
        }

        foreach (var row in AnnualReportLayout.ApplicationRows.Where(r => r.Key.Length > 0))
        {
            foreach (var column in AnnualReportLayout.ApplicantColumns)
            {
                figures[AnnualReportLayout.ApplicationKey(row.Key, column.Key)] = 0;
            }
        }

        var applications = await db.DisclosureApplications.AsNoTracking()
            .Where(a => a.ReceivedOn != null && a.ReceivedOn <= last && (a.RepliedOn == null || a.RepliedOn >= first))
            .Select(a => new { a.ApplicantKind, a.OrganisationKind, a.ReceivedOn, a.RepliedOn, a.Outcome, a.OutcomeReason })
            .ToListAsync(cancellationToken);
        foreach (var application in applications)
        {
            var column = application.ApplicantKind == ApplicantKind.Citizen ? AnnualReportLayout.Person : AnnualReportLayout.OrganisationColumn(application.OrganisationKind);
            void Add(string row)
            {
                figures[AnnualReportLayout.ApplicationKey(row, column)]++;
                figures[AnnualReportLayout.ApplicationKey(row, AnnualReportLayout.Total)]++;
            }

            Add(application.ReceivedOn >= first ? "new" : "carried");
            if (application.RepliedOn is { } replied && replied <= last && application.Outcome is { } outcome)
            {
                Add(OutcomeRow(outcome, application.OutcomeReason));
                Add("total");
            }
            else
            {
                Add("forward");
            }
        }

        return figures;
    }

    /// <summary>The row of section 三 an outcome is counted in: 已主动公开 counts as 予以公开; a reason picks its numbered row.</summary>
    public static string OutcomeRow(ApplicationOutcome outcome, string? reason)
    {
        switch (outcome)
        {
            case ApplicationOutcome.Disclosed or ApplicationOutcome.AlreadyPublic:
                return "disclosed";
            case ApplicationOutcome.PartlyDisclosed:
                return "partly";
        }

        var key = AnnualReportLayout.ReasonRows.Single(r => r.Outcome == outcome).Key;
        var reasons = DisclosureApplications.Reasons[outcome];
        var index = reason is null ? -1 : reasons.ToList().IndexOf(reason);
        return $"{key}.{(index < 0 ? reasons.Count : index + 1)}";
    }

    /// <summary>规章 are promulgated by a government's order (…令第N号); their 文号 says so.</summary>
    public static bool IsRegulation(string? documentNumber) => documentNumber is not null && OrderNumber().IsMatch(documentNumber);

    [GeneratedRegex("令\\s*[（(]?\\s*第\\s*[0-9〇零一二三四五六七八九十百千]+\\s*号")]
    private static partial Regex OrderNumber();

    private static bool IsNormative(string fields)
    {
        try
        {
            using var document = JsonDocument.Parse(fields);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(NormativeField, out var value) && value.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Section 四's totals are the sum of their results.</summary>
    private static void Totals(Dictionary<string, decimal> figures)
    {
        foreach (var group in AnnualReportLayout.ReviewGroups)
        {
            figures[$"{group.Key}.{AnnualReportLayout.Total}"] = AnnualReportLayout.ReviewColumns
                .Where(c => c.Key != AnnualReportLayout.Total).Sum(c => figures.GetValueOrDefault($"{group.Key}.{c.Key}"));
        }
    }

    private async Task<string> OverviewAsync(int year, Dictionary<string, decimal> figures, CancellationToken cancellationToken)
    {
        var names = (await types.AllAsync(cancellationToken)).ToDictionary(t => t.Key, t => t.Value.DisplayName ?? t.Key);
        var byType = figures.Where(f => f.Key.StartsWith("type.", StringComparison.Ordinal) && f.Value > 0).OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => CoreText.Document("AnnualReport_TypeCount", names.GetValueOrDefault(f.Key[5..], f.Key[5..]), AnnualReportLayout.Format(f.Value)));
        var total = figures.Where(f => f.Key.StartsWith("type.", StringComparison.Ordinal)).Sum(f => f.Value);
        string A(string row) => AnnualReportLayout.Format(figures.GetValueOrDefault(AnnualReportLayout.ApplicationKey(row, AnnualReportLayout.Total)));
        var detail = byType.ToList() is { Count: > 0 } parts ? CoreText.Document("AnnualReport_ByType", string.Join(CoreText.Document("NameSeparator"), parts)) : string.Empty;
        return CoreText.Document("AnnualReport_Overview", year, Site.Organiser, AnnualReportLayout.Format(total), detail, A("new"), A("carried"), A("total"), A("forward"));
    }

    private static void RequireEditor(ContentActor actor)
    {
        if (!actor.Can(ContentPermission.Edit))
        {
            throw new ContentPermissionException(CoreText.Get("AnnualReport_Permission"));
        }
    }
}
