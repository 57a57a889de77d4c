using System.Globalization;
using System.Text.Json;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Interaction;

/// <summary>
/// A site's 政府信息公开工作年度报告 for one year, as an editable draft: the national tables'
/// cells (<see cref="Figures"/>, keyed as <see cref="AnnualReportLayout"/> names them), counted
/// from the site's data or entered by hand, and the text sections. Publishing turns it into a
/// Report item of the site's 政府信息公开年报 column (<see cref="ContentItemId"/>).
/// </summary>
public sealed class AnnualReport : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public int Year { get; set; }

    /// <summary>Every cell as JSON: key → number.</summary>
    public string Figures { get; set; } = "{}";

    /// <summary>一、总体情况.</summary>
    public string? Overview { get; set; }

    /// <summary>五、存在的主要问题及改进情况.</summary>
    public string? Problems { get; set; }

    /// <summary>六、其他需要报告的事项.</summary>
    public string? OtherMatters { get; set; }

    /// <summary>The Report item it was published as (sent to review, then live).</summary>
    public Guid? ContentItemId { get; set; }

    /// <summary>When the counted cells were last counted from the data.</summary>
    public DateTimeOffset GeneratedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public IReadOnlyDictionary<string, decimal> ReadFigures() =>
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(Figures) ?? [];

    public void WriteFigures(IReadOnlyDictionary<string, decimal> figures) =>
        Figures = JsonSerializer.Serialize(figures.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value));
}

/// <summary>One row of a national table: its label, its cell key (or key prefix), how far it is indented.</summary>
public sealed record AnnualReportRow(string Label, string Key, int Level = 0);

/// <summary>
/// The national format of the annual report (2021 template, RULES.md §3) and the key of each
/// cell. Counted cells come from the data (<see cref="IsCounted"/>); the others are entered by hand.
/// The labels are the national form's own words: the report is published in Chinese.
/// </summary>
public static class AnnualReportLayout
{
    public const string Person = "person";
    public const string Total = "total";

    /// <summary>二: 规章 and 行政规范性文件, each 本年制发, 本年废止, 现行有效.</summary>
    public static readonly IReadOnlyList<AnnualReportRow> DocumentRows = [new("规章", "regulation"), new("行政规范性文件", "normative")];

    public static readonly IReadOnlyList<AnnualReportRow> DocumentColumns = [new("本年制发件数", "issued"), new("本年废止件数", "repealed"), new("现行有效件数", "valid")];

    /// <summary>二: 本年处理决定数量 of licensing, penalty and coercion (entered by hand).</summary>
    public static readonly IReadOnlyList<AnnualReportRow> DecisionRows = [new("行政许可", "licensing"), new("行政处罚", "penalty"), new("行政强制", "coercion")];

    /// <summary>二: 行政事业性收费, 本年收费金额（单位：万元）, entered by hand.</summary>
    public static readonly AnnualReportRow FeesRow = new("行政事业性收费", "fees");

    /// <summary>三: 申请人情况 column group over the organisation columns (level 1 below).</summary>
    public const string OrganisationGroup = "法人或其他组织";

    /// <summary>三: the applicant columns of the 2021 form: 自然人, the five kinds of 法人或其他组织 (level 1), 总计.</summary>
    public static readonly IReadOnlyList<AnnualReportRow> ApplicantColumns =
    [
        new("自然人", Person),
        new("商业企业", OrganisationColumn(Interaction.OrganisationKind.Business), 1),
        new("科研机构", OrganisationColumn(Interaction.OrganisationKind.Research), 1),
        new("社会公益组织", OrganisationColumn(Interaction.OrganisationKind.NonProfit), 1),
        new("法律服务机构", OrganisationColumn(Interaction.OrganisationKind.LegalService), 1),
        new("其他", OrganisationColumn(Interaction.OrganisationKind.Other), 1),
        new("总计", Total),
    ];

    /// <summary>The column an organisation's application is counted in; one that did not say its kind counts as 其他.</summary>
    public static string OrganisationColumn(OrganisationKind? kind) => "org." + (kind ?? Interaction.OrganisationKind.Other).ToString().ToLowerInvariant();

    /// <summary>The outcomes whose rows count each national reason separately, with their keys (declared before the rows, which read it).</summary>
    public static readonly IReadOnlyList<(ApplicationOutcome Outcome, string Key)> ReasonRows =
        [(ApplicationOutcome.Refused, "refused"), (ApplicationOutcome.CannotProvide, "cannot"), (ApplicationOutcome.NotProcessed, "notprocessed"), (ApplicationOutcome.Other, "other")];

    /// <summary>三: the rows, keys <c>apps.{row}.{column}</c>.</summary>
    public static readonly IReadOnlyList<AnnualReportRow> ApplicationRows = BuildApplicationRows();

    /// <summary>四: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), each with these results; entered by hand.</summary>
    public static readonly IReadOnlyList<AnnualReportRow> ReviewGroups = [new("行政复议", "review"), new("行政诉讼 未经复议直接起诉", "suit.direct"), new("行政诉讼 复议后起诉", "suit.after")];

    public static readonly IReadOnlyList<AnnualReportRow> ReviewColumns =
        [new("结果维持", "upheld"), new("结果纠正", "corrected"), new("其他结果", "other"), new("尚未审结", "pending"), new("总计", Total)];

    /// <summary>Cells counted from the data; regenerating overwrites them. Everything else is the editor's.</summary>
    public static bool IsCounted(string key) =>
        key.StartsWith("apps.", StringComparison.Ordinal) || key.StartsWith("type.", StringComparison.Ordinal)
        || key.StartsWith("regulation.", StringComparison.Ordinal) || key.StartsWith("normative.", StringComparison.Ordinal);

    /// <summary>Every cell an editor enters by hand (section 二's decisions and fees, section 四 but its totals).</summary>
    public static IEnumerable<string> HandKeys() =>
        DecisionRows.Select(r => r.Key).Append(FeesRow.Key)
            .Concat(ReviewGroups.SelectMany(g => ReviewColumns.Where(c => c.Key != Total).Select(c => $"{g.Key}.{c.Key}")));

    public static string ApplicationKey(string row, string column) => $"apps.{row}.{column}";

    public static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static List<AnnualReportRow> BuildApplicationRows()
    {
        var rows = new List<AnnualReportRow>
        {
            new("一、本年新收政府信息公开申请数量", "new"),
            new("二、上年结转政府信息公开申请数量", "carried"),
            new("三、本年度办理结果", string.Empty),
            new("（一）予以公开", "disclosed", 1),
            new("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly", 1),
        };
        string[] headings = ["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"];
        var i = 0;
        foreach (var (outcome, key) in ReasonRows)
        {
            rows.Add(new(headings[i++], string.Empty, 1));
            var reasons = DisclosureApplications.Reasons[outcome];
            for (var r = 0; r < reasons.Count; r++)
            {
                rows.Add(new($"{r + 1}.{reasons[r]}", $"{key}.{r + 1}", 2));
            }
        }

        rows.Add(new("（七）总计", "total", 1));
        rows.Add(new("四、结转下年度继续办理", "forward"));
        return rows;
    }
}
