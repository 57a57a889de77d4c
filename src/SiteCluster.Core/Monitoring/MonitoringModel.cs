using System.Globalization;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>The kinds of rule the engine knows; a rule set (data) picks, names and weighs them.</summary>
public enum MonitoringRuleType
{
    /// <summary>首页不更新: nothing new on the site for <c>days</c>.</summary>
    HomeStale,

    /// <summary>栏目不更新: catalogue columns past their update class's period; a veto at <c>threshold</c> columns.</summary>
    ColumnsStale,

    /// <summary>One catalogue node's column (e.g. 政策文件) not updated for <c>days</c>.</summary>
    ColumnStale,

    /// <summary>空白栏目: columns that show no content; a veto at <c>threshold</c>.</summary>
    BlankColumns,

    /// <summary>Mandatory catalogue columns for the site's level missing or hidden.</summary>
    MissingColumns,

    /// <summary>Public items without 发布机构, policy documents without 文号.</summary>
    MissingMetadata,

    /// <summary>网站标识码, ICP and 公安 filing numbers missing from the footer.</summary>
    FooterItems,

    /// <summary>Public items whose body shows images without alternative text.</summary>
    ImagesWithoutAlt,

    /// <summary>Public items past their 失效日期 still shown as 有效.</summary>
    ExpiredShownAsValid,

    /// <summary>Public items showing personal data (ID, mobile, bank card numbers) without a reviewer's logged override.</summary>
    PersonalData,

    /// <summary>政策文件未解读: public policy documents with no public interpretation linking to them after <c>workingDays</c>.</summary>
    PolicyWithoutInterpretation,

    /// <summary>政府信息公开工作年度报告 for the previous year not published by the site's deadline (<c>departmentDeadline</c>, <c>governmentDeadline</c>).</summary>
    AnnualReportMissing,

    /// <summary>网站不能访问: at least <c>failurePercent</c> of the availability probes of the last <c>days</c> failed to load within <c>seconds</c>.</summary>
    Unreachable,

    /// <summary>链接不可用: links (internal and external) the link checker found broken, on the home page (<c>homePage: true</c>) or on other pages (<c>false</c>).</summary>
    BrokenLinks,

    /// <summary>互动回应差: messages of <c>kinds</c> unanswered past <c>workingDays</c> (or <c>months</c>), now or, answered late, within the last <c>lookbackDays</c>.</summary>
    UnansweredMessages,
}

/// <summary>The standard content types and fields (content-types/standard.json) that rules read and findings link to.</summary>
public static class MonitoredContent
{
    public const string PolicyDocument = "PolicyDocument";

    public const string Interpretation = "Interpretation";

    /// <summary>The Interpretation field that links it to its policy document.</summary>
    public const string InterpretationPolicyField = "policy";

    public const string Report = "Report";

    public const string ReportYearField = "year";

    public const string ReportKindField = "kind";

    /// <summary>The Report <c>kind</c> of the disclosure annual report.</summary>
    public const string DisclosureAnnualReport = "政府信息公开工作年度报告";
}

/// <summary>One rule of a rule set, as the JSON declares it.</summary>
public sealed class MonitoringRule
{
    public string? Code { get; set; }

    public MonitoringRuleType? Type { get; set; }

    /// <summary>The rule's name in inspection notices, e.g. 栏目不更新.</summary>
    public string? Name { get; set; }

    /// <summary>单项否决: any finding (or <see cref="Threshold"/> findings) fails the site.</summary>
    public bool Veto { get; set; }

    /// <summary>For vetoes counted in columns: how many make the veto.</summary>
    public int Threshold { get; set; } = 1;

    /// <summary>The indicator's points: the most its deductions can take.</summary>
    public decimal Points { get; set; }

    /// <summary>Deducted per finding, up to <see cref="Points"/>.</summary>
    public decimal PerFinding { get; set; }

    public int Days { get; set; }

    public int NewsDays { get; set; } = 14;

    public int NoticePolicyDays { get; set; } = 183;

    public int PersonnelPlanDays { get; set; } = 365;

    public string? CatalogueCode { get; set; }

    /// <summary>Whether reposts from higher-level sites count as updates of the receiving column.</summary>
    public bool CountReposts { get; set; }

    /// <summary>Working days (as the installed calendar counts them) a policy document may go without a public interpretation, or a message without its reply.</summary>
    public int WorkingDays { get; set; } = 3;

    /// <summary>The day (<c>MM-dd</c>) by which a department's site publishes last year's disclosure annual report.</summary>
    public string? DepartmentDeadline { get; set; } = "01-31";

    /// <summary>The day (<c>MM-dd</c>) by which a government's site (province, city, county) publishes it.</summary>
    public string? GovernmentDeadline { get; set; } = "03-31";

    /// <summary>Unreachable: the share of failed probes (percent) that makes the finding; failing at or above it.</summary>
    public decimal FailurePercent { get; set; } = 5;

    /// <summary>Unreachable: a probe answered later than this many seconds counts as failed.</summary>
    public int Seconds { get; set; } = 15;

    /// <summary>Unreachable: fewer probes than this in the window give no verdict (too little was watched).</summary>
    public int MinimumProbes { get; set; }

    /// <summary>BrokenLinks: only links on the home page (true), only links on other pages (false), or all (null).</summary>
    public bool? HomePage { get; set; }

    /// <summary>UnansweredMessages: calendar months a message may wait for its reply; when above 0 it is used instead of <see cref="WorkingDays"/>.</summary>
    public int Months { get; set; }

    /// <summary>UnansweredMessages: the kinds of message counted (咨询 by default).</summary>
    public List<Interaction.MessageKind>? Kinds { get; set; }

    /// <summary>UnansweredMessages: how far back a late reply still counts (the inspection looks at the last year).</summary>
    public int LookbackDays { get; set; } = 365;

    /// <summary>The annual report's deadline in <paramref name="year"/> for a site of <paramref name="level"/>; null when the option is not a valid <c>MM-dd</c>.</summary>
    public DateOnly? AnnualReportDeadline(SiteLevel level, int year) =>
        ParseMonthDay(level == SiteLevel.Department ? DepartmentDeadline : GovernmentDeadline) is { } day ? new DateOnly(year, day.Month, day.Day) : null;

    /// <summary>A month and day written <c>MM-dd</c> that every year has (so not 02-29).</summary>
    public static (int Month, int Day)? ParseMonthDay(string? value) =>
        value is { Length: 5 } && DateOnly.TryParseExact($"2001-{value}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date.Month, date.Day)
            : null;
}

/// <summary>A rule set: the national one, or a province's tightened copy.</summary>
public sealed class MonitoringRuleSetDefinition
{
    public string? Version { get; set; }

    public string? Title { get; set; }

    public decimal PassMark { get; set; } = 60;

    public List<MonitoringRule>? Rules { get; set; }

    /// <summary>The points a spot check (三随机抽查) reviews by hand, in order.</summary>
    public List<SpotCheckPoint>? Checklist { get; set; }
}

/// <summary>One point of the spot-check checklist: a stable code and what the inspector reviews.</summary>
public sealed class SpotCheckPoint
{
    public string? Code { get; set; }

    public string? Text { get; set; }
}

/// <summary>An installed rule set (cluster data); the newest installed is the one runs use.</summary>
public sealed class MonitoringRuleSet
{
    public required string Version { get; set; }

    public string? Title { get; set; }

    /// <summary>The whole <see cref="MonitoringRuleSetDefinition"/> as JSON.</summary>
    public required string Definition { get; set; }

    public DateTimeOffset InstalledAt { get; set; }
}

/// <summary>One pass of monitoring over every site (cluster data).</summary>
public sealed class MonitoringRun
{
    public Guid Id { get; set; }

    public required string RuleSetVersion { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// A problem a rule found on a site: what (rule, target, detail), first and last seen, and when
/// it stopped holding (resolved). Owned by the site.
/// </summary>
public sealed class MonitoringFinding : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string RuleCode { get; set; }

    /// <summary><c>site</c>, <c>column:{id}</c>, <c>item:{id}</c> or <c>node:{code}</c>.</summary>
    public required string Target { get; set; }

    /// <summary>What is wrong, in Chinese, for the webmaster.</summary>
    public required string Detail { get; set; }

    public Guid FirstRunId { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public Guid LastRunId { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A site's score in one run, by the national method.</summary>
public sealed class MonitoringScore : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid RunId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>0 when vetoed; otherwise 100 minus the capped deductions.</summary>
    public decimal Score { get; set; }

    /// <summary>The codes of the rules that vetoed the site, comma-separated; null when none did.</summary>
    public string? Vetoes { get; set; }

    public bool Passed { get; set; }
}

/// <summary>
/// How far one site's item texts have been scanned for images without alternative text and
/// personal data: the next run reads again only the items changed after <see cref="ScannedUntil"/>
/// (a scanner of another <see cref="ScannerVersion"/> reads them all).
/// </summary>
public sealed class MonitoringTextScan : ITenantOwned
{
    public Guid TenantId { get; set; }

    public DateTimeOffset ScannedUntil { get; set; }

    public int ScannerVersion { get; set; }
}

/// <summary>
/// What the text scan found in one item's title and body, kept so that an unchanged item is not
/// read again; items in which it found nothing have no row. Personal data is counted whether or
/// not a reviewer overrode it: the override is applied when the findings are made.
/// </summary>
public sealed class MonitoringTextFinding : ITenantOwned
{
    public Guid ItemId { get; set; }

    public Guid TenantId { get; set; }

    public int ImagesWithoutAlt { get; set; }

    public int PersonalData { get; set; }
}
