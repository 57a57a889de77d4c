namespace SiteCluster.Core.SiteMigration;

/// <summary>What a page of the old site is.</summary>
public enum LegacyPageKind
{
    /// <summary>Neither (the home page, a portal of blocks, a form, a failed fetch).</summary>
    Other = 0,

    /// <summary>A column's list of articles (one of its numbered pages).</summary>
    List = 1,

    /// <summary>One article: a title and its text.</summary>
    Article = 2,
}

/// <summary>How the crawler reached a page, which weighs in when its own structure is ambiguous.</summary>
public enum LegacyPageHint
{
    None = 0,

    /// <summary>The start address.</summary>
    Root = 1,

    /// <summary>An entry of a list page's main list.</summary>
    ListItem = 2,

    /// <summary>Another numbered page of a list.</summary>
    Pagination = 3,
}

/// <summary>A link as written on an old page: the absolute address, its text, and for a list entry the date shown beside it.</summary>
public sealed record LegacyLink(string Url, string Text, DateOnly? Date = null);

/// <summary>
/// One fetched page of the old site as the migration keeps it (a line of <c>pages.jsonl</c> in
/// the state folder): what it is, where it leads, and for an article everything extracted from it.
/// </summary>
public sealed class LegacyPage
{
    public required string Url { get; set; }

    /// <summary>Where the site redirected the request, when it did.</summary>
    public string? FinalUrl { get; set; }

    public int Status { get; set; }

    public string? Error { get; set; }

    public LegacyPageKind Kind { get; set; }

    public LegacyPageHint Hint { get; set; }

    /// <summary>The encoding the page was read in (<c>utf-8</c>, <c>gb18030</c>…).</summary>
    public string? Encoding { get; set; }

    /// <summary>The <c>&lt;title&gt;</c>.</summary>
    public string? Title { get; set; }

    /// <summary>The site's name, when the page states it (<c>&lt;meta name="SiteName"&gt;</c>).</summary>
    public string? SiteName { get; set; }

    /// <summary>Same-site pages it links to (the crawl frontier is rebuilt from these on resume).</summary>
    public List<string> Links { get; set; } = [];

    /// <summary>A list page: its column's name as the page states it.</summary>
    public string? ColumnName { get; set; }

    /// <summary>A list page: the breadcrumb trail to its column, top first.</summary>
    public List<string>? ColumnTrail { get; set; }

    /// <summary>A list page: the entries of its main list.</summary>
    public List<LegacyLink>? Items { get; set; }

    /// <summary>A list page: its other numbered pages.</summary>
    public List<string>? Pagination { get; set; }

    /// <summary>The links of the page's breadcrumb, top first (an article's last one is usually its column).</summary>
    public List<string>? Breadcrumb { get; set; }

    public LegacyArticle? Article { get; set; }

    public bool IsSuccess => Status is >= 200 and < 300 && Error is null;
}

/// <summary>An article as extracted from its old page, with addresses still the old site's.</summary>
public sealed class LegacyArticle
{
    public required string Title { get; set; }

    /// <summary>The body without site chrome, not yet sanitised; links and images point at absolute old addresses.</summary>
    public string? Body { get; set; }

    public DateTimeOffset? Published { get; set; }

    public DateOnly? Written { get; set; }

    public DateOnly? Effective { get; set; }

    public DateOnly? Expiry { get; set; }

    public string? DocumentNumber { get; set; }

    public string? IndexNumber { get; set; }

    public string? Publisher { get; set; }

    public string? Source { get; set; }

    public string? Author { get; set; }

    public string? Editor { get; set; }

    public string? TopicCategory { get; set; }

    public string? GenreCategory { get; set; }

    public string? Keywords { get; set; }

    public string? Audience { get; set; }

    /// <summary>Files linked from the page (in the body or beside it), with the link text.</summary>
    public List<LegacyLink> Attachments { get; set; } = [];

    /// <summary>Images shown in the body.</summary>
    public List<string> Images { get; set; } = [];

    /// <summary>Links in the body to other pages of the same site.</summary>
    public List<LegacyLink> Links { get; set; } = [];
}
