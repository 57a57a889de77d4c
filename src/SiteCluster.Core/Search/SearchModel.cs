namespace SiteCluster.Core.Search;

/// <summary>
/// One searchable entry: an item as one site shows it. A site's own item has one entry; an item
/// reposted to other sites has one more per receiving site, under that site's column.
/// </summary>
public sealed record SearchDocument
{
    /// <summary>The site that shows the item (the receiving site for a repost).</summary>
    public required Guid SiteId { get; init; }

    public required Guid ItemId { get; init; }

    /// <summary>The site that published the item; equal to <see cref="SiteId"/> for a site's own item.</summary>
    public required Guid SourceSiteId { get; init; }

    /// <summary>The column it is listed in on <see cref="SiteId"/>.</summary>
    public required Guid ColumnId { get; init; }

    /// <summary>That column's URL path on <see cref="SiteId"/>, e.g. <c>zcwj/bjwj</c>.</summary>
    public required string ColumnPath { get; init; }

    public required string ColumnName { get; init; }

    public required string ContentType { get; init; }

    public required string Title { get; init; }

    /// <summary>Plain text of the summary, the body and the type's text fields (no markup).</summary>
    public required string Text { get; init; }

    /// <summary>主题词, matched like the title's second rank.</summary>
    public string? Keywords { get; init; }

    public string? DocumentNumber { get; init; }

    public string? IndexNumber { get; init; }

    public string? Publisher { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>公开属性 as its enum name (only 主动公开 items are ever indexed today).</summary>
    public required string Disclosure { get; init; }

    public bool Expired { get; init; }

    /// <summary>The key of the entry: one per site and item.</summary>
    public string Key => SearchKeys.Of(SiteId, ItemId);

    public bool IsRepost => SiteId != SourceSiteId;
}

public enum SearchSort
{
    Relevance = 0,
    Date = 1,
}

/// <summary>What a visitor asks for.</summary>
public sealed record SearchQuery
{
    public required string Text { get; init; }

    /// <summary>The sites to search; empty: every site of the cluster (统一检索).</summary>
    public IReadOnlyCollection<Guid> Sites { get; init; } = [];

    /// <summary>Sites never shown in results (disabled sites).</summary>
    public IReadOnlyCollection<Guid> ExcludedSites { get; init; } = [];

    public Guid? ColumnId { get; init; }

    public string? ContentType { get; init; }

    public int? Year { get; init; }

    public string? Disclosure { get; init; }

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 10;
}

/// <summary>One result, with its title and a snippet of its text, the matched words wrapped in <c>&lt;mark&gt;</c> (HTML-encoded otherwise).</summary>
public sealed record SearchHit(SearchDocument Document, string TitleHtml, string SnippetHtml, float Score);

public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Hits)
{
    public static SearchResults Empty { get; } = new(0, []);
}

public static class SearchKeys
{
    public static string Of(Guid siteId, Guid itemId) => $"{siteId:N}/{itemId:N}";
}
