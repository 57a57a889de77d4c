namespace SiteCluster.Themes.Base.Models;

/// <summary>What every public page knows of its site: header, footer and links.</summary>
public sealed record SiteChromeViewModel(
    string Name,
    string LevelName,
    string HomeUrl,
    string DirectoryUrl,
    string Organiser,
    string SiteCode,
    string? IcpNumber,
    string? PublicSecurityNumber,
    bool IsArchived,
    DisplayModeViewModel Display,
    ThemeViewModel? Theme = null);

/// <summary>
/// The site's look: its theme preset (<c>base</c>, <c>blue</c>, <c>green</c>), its level (the
/// layout varies by level), its own main colour if any (already checked to keep white text
/// readable), and its emblem and banner images.
/// </summary>
public sealed record ThemeViewModel(string Name, string Level, string? Color, string? LogoUrl, string? BannerUrl);

/// <summary>A home-page block: a column's newest items and a link to the column.</summary>
public sealed record HomeBlockViewModel(string Name, string MoreUrl, IReadOnlyList<ItemSummaryViewModel> Items);

/// <summary>The reader's display modes (大字, 高对比度) and the links that switch each.</summary>
public sealed record DisplayModeViewModel(bool LargeText, bool HighContrast, string ToggleLargeTextUrl, string ToggleContrastUrl);

public sealed record SiteLinkViewModel(string Name, string LevelName, string Url);

public sealed record HomeViewModel(
    SiteChromeViewModel Site,
    SiteLinkViewModel? Parent,
    IReadOnlyList<SiteLinkViewModel> Children,
    IReadOnlyList<ColumnLinkViewModel> Columns,
    IReadOnlyList<ItemSummaryViewModel> Latest,
    IReadOnlyList<HomeBlockViewModel>? Blocks = null,
    IReadOnlyList<BreadcrumbViewModel>? QuickLinks = null);

public sealed record DirectoryNodeViewModel(SiteLinkViewModel Site, IReadOnlyList<DirectoryNodeViewModel> Children);

public sealed record DirectoryViewModel(SiteChromeViewModel Site, IReadOnlyList<BreadcrumbViewModel> Breadcrumbs, IReadOnlyList<DirectoryNodeViewModel> Roots, int SiteCount);

/// <summary>A page that explains why the request cannot be served (unknown site, closed, read-only).</summary>
public sealed record StatusViewModel(int StatusCode, string Title, string Message, SiteChromeViewModel? Site);

/// <summary>A link in the 当前位置 trail.</summary>
public sealed record BreadcrumbViewModel(string Name, string? Url);

/// <summary>A column in the catalogue tree, linked, with how many public items it holds.</summary>
public sealed record ColumnLinkViewModel(string Name, string Url, int ItemCount, IReadOnlyList<ColumnLinkViewModel> Children);

/// <summary>One line of a list: title, link, date, and whether it has expired (已失效).</summary>
public sealed record ItemSummaryViewModel(string Title, string Url, string PublishedAt, bool IsExpired);

public sealed record LatestItemsViewModel(IReadOnlyList<ItemSummaryViewModel> Items);

public sealed record ColumnPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    string Name,
    IReadOnlyList<ColumnLinkViewModel> Children,
    IReadOnlyList<ItemSummaryViewModel> Items,
    int Page,
    int PageCount,
    int TotalItems);

/// <summary>A labelled value of an item: a metadata row or a type field. <see cref="Html"/> values are sanitised rich text.</summary>
public sealed record LabelledValueViewModel(string Label, string Value, bool Html = false, string? Url = null);

/// <summary>Items linked to this one (a policy's interpretations), under the link's name.</summary>
public sealed record RelatedItemsViewModel(string Label, IReadOnlyList<ItemSummaryViewModel> Items);

/// <summary>
/// An article page. <see cref="Body"/> is the item's sanitised HTML, written as it is (as the
/// UTF-8 bytes the database holds, where it gives them).
/// </summary>
public sealed record ItemPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    string Title,
    string TypeName,
    bool IsExpired,
    IReadOnlyList<LabelledValueViewModel> Metadata,
    Microsoft.AspNetCore.Html.IHtmlContent? Body,
    IReadOnlyList<LabelledValueViewModel> Fields,
    IReadOnlyList<LabelledValueViewModel> Attachments,
    IReadOnlyList<RelatedItemsViewModel> Related,
    ItemSourceViewModel? Source = null);

/// <summary>Where a reposted item comes from (来源): the source site and the original's address.</summary>
public sealed record ItemSourceViewModel(string SiteName, string Url);

/// <summary>A page that is one tree of columns: the disclosure catalogue, or the site map with its fixed pages.</summary>
public sealed record TreePageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    string Title,
    IReadOnlyList<ColumnLinkViewModel> Columns,
    int TotalItems,
    IReadOnlyList<BreadcrumbViewModel> Pages);

/// <summary>
/// The search page (站内搜索 / 全省搜索): the query, where it searched, the filters that can be
/// chosen, and one page of results. <see cref="SearchResultViewModel.TitleHtml"/> and
/// <see cref="SearchResultViewModel.SnippetHtml"/> are HTML-encoded text with the matches in <c>&lt;mark&gt;</c>.
/// </summary>
public sealed record SearchPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    string Query,
    bool WholeProvince,
    string? Column,
    string? Type,
    int? Year,
    bool ByDate,
    IReadOnlyList<SearchOptionViewModel> Columns,
    IReadOnlyList<SearchOptionViewModel> Types,
    IReadOnlyList<int> Years,
    IReadOnlyList<SearchResultViewModel> Results,
    int Total,
    int Page,
    int PageCount,
    string? PreviousUrl,
    string? NextUrl);

/// <summary>A choice of a search filter: its value and what readers see.</summary>
public sealed record SearchOptionViewModel(string Value, string Name);

public sealed record SearchResultViewModel(
    string TitleHtml,
    string Url,
    string SnippetHtml,
    string SiteName,
    string ColumnName,
    string PublishedAt,
    string? DocumentNumber,
    string? SourceName,
    bool IsExpired);

/// <summary>
/// 依申请公开 on the public site: the application form (with what was typed and what was wrong),
/// the acknowledgement with the tracking number and query code, and the status an applicant looks up.
/// </summary>
public sealed record ApplyPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    IReadOnlyDictionary<string, string?> Values,
    IReadOnlyDictionary<string, string> Errors,
    string? Message,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> Deliveries);

/// <summary>The acknowledgement of an application or a message: its number and query code (shown once).</summary>
public sealed record ApplySubmittedViewModel(SiteChromeViewModel Site, IReadOnlyList<BreadcrumbViewModel> Breadcrumbs, string TrackingNumber, string Code, string StatusUrl)
{
    /// <summary>The page's heading; the application's when null.</summary>
    public string? Title { get; init; }

    public string? Text { get; init; }
}

/// <summary>What the applicant sees of an application; <see cref="Found"/> is false when the number and code do not match.</summary>
public sealed record ApplyStatusViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    bool Asked,
    bool Found,
    string? TrackingNumber,
    IReadOnlyList<LabelledValueViewModel> Facts,
    string? Reply)
{
    /// <summary>The page's heading; the application's when null.</summary>
    public string? Title { get; init; }

    /// <summary>The label of the number field; the application's when null.</summary>
    public string? NumberLabel { get; init; }

    /// <summary>Where the look-up form posts; the application's status page when null.</summary>
    public string? Action { get; init; }
}

/// <summary>One labelled input of a public form, with its hint and its error.</summary>
public sealed record FormFieldViewModel(
    string Name,
    string Label,
    string? Value,
    string? Error,
    bool Required = false,
    int MaxLength = 200,
    bool Multiline = false,
    string Type = "text",
    string? Hint = null);

/// <summary>政民互动: the published messages with their replies, a page at a time.</summary>
public sealed record MailboxPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    IReadOnlyList<MessageViewModel> Messages,
    int Page,
    int PageCount,
    int Total);

/// <summary>A published message (never with the writer's name or contact) and its reply.</summary>
public sealed record MessageViewModel(string Kind, string Subject, string Body, string SubmittedAt, string Reply, string Office, string RepliedAt);

/// <summary>The message form, with what was typed and what was wrong.</summary>
public sealed record WriteMessageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    IReadOnlyDictionary<string, string?> Values,
    IReadOnlyDictionary<string, string> Errors,
    string? Message);

/// <summary>意见征集: the site's consultations, open ones and closed ones.</summary>
public sealed record ConsultationsPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    IReadOnlyList<ConsultationSummaryViewModel> Open,
    IReadOnlyList<ConsultationSummaryViewModel> Closed,
    PagerViewModel ClosedPages);

/// <summary>Where a paged list is: page <see cref="Page"/> of <see cref="PageCount"/>, <see cref="Total"/> entries in all; links are <c>?page=N</c>.</summary>
public sealed record PagerViewModel(int Page, int PageCount, int Total);

/// <summary>One consultation in the list: its state in words (征集中, 已结束 …), its dates and comment count.</summary>
public sealed record ConsultationSummaryViewModel(string Title, string Url, string State, string Organiser, string StartsOn, string EndsOn, int Comments, bool HasFeedback);

/// <summary>
/// One consultation: the draft (sanitised HTML) and/or its document, the dates, the comment form
/// while it is open (or why it is not), and after it closed the feedback with the comment count.
/// </summary>
public sealed record ConsultationPageViewModel(
    SiteChromeViewModel Site,
    IReadOnlyList<BreadcrumbViewModel> Breadcrumbs,
    string Title,
    string State,
    string Organiser,
    string StartsOn,
    string EndsOn,
    string? BodyHtml,
    BreadcrumbViewModel? Document,
    int Comments,
    bool IsOpen,
    string? NotOpenReason,
    string? Feedback,
    string? FeedbackPublishedOn,
    string Action,
    IReadOnlyDictionary<string, string?> Values,
    IReadOnlyDictionary<string, string> Errors,
    string? Message,
    bool Sent);
