using System.Text.RegularExpressions;

namespace SiteCluster.Core.SiteMigration;

/// <summary>A column of the old site: its list pages and the articles that belong to it.</summary>
public sealed class LegacyColumn
{
    /// <summary>Path (and query) of its first list page, without the page number: the key of the mapping file.</summary>
    public required string Key { get; init; }

    public required string Name { get; set; }

    public string? Trail { get; set; }

    public List<string> ListUrls { get; } = [];

    public List<LegacyPage> Articles { get; } = [];
}

/// <summary>
/// The old site as the crawl found it, put together: its columns (list pages grouped by their
/// address without the page number, and the numbered pages each list announced), and each
/// article's column: the one its breadcrumb names, else the first whose list shows it, else the
/// one whose folder holds it, else none (未归类). An article reached under two addresses (a
/// redirect) counts once.
/// </summary>
public sealed partial class LegacySite
{
    private readonly Dictionary<string, LegacyPage> _byUrl = new(StringComparer.Ordinal);

    private LegacySite()
    {
    }

    public IReadOnlyList<LegacyColumn> Columns { get; private set; } = [];

    /// <summary>Articles, each once, in address order.</summary>
    public IReadOnlyList<LegacyPage> Articles { get; private set; } = [];

    /// <summary>Each article's column (by article address); absent when it has none.</summary>
    public IReadOnlyDictionary<string, LegacyColumn> ColumnOf { get; private set; } = new Dictionary<string, LegacyColumn>();

    /// <summary>The date a list showed beside each article.</summary>
    public IReadOnlyDictionary<string, DateOnly> ListDates { get; private set; } = new Dictionary<string, DateOnly>();

    /// <summary>Addresses of the old home page.</summary>
    public IReadOnlySet<string> HomeUrls { get; private set; } = new HashSet<string>();

    public IEnumerable<LegacyPage> Pages => _byUrl.Values;

    /// <summary>Addresses robots.txt kept the crawler from.</summary>
    public IReadOnlySet<string> Disallowed { get; init; } = new HashSet<string>();

    public static LegacySite Assemble(IEnumerable<LegacyPage> pages, IEnumerable<string>? disallowed = null)
    {
        var site = new LegacySite { Disallowed = (disallowed ?? []).ToHashSet(StringComparer.Ordinal) };
        foreach (var page in pages)
        {
            site._byUrl[page.Url] = page;
        }

        site.HomeUrls = site._byUrl.Values.Where(p => p.Hint == LegacyPageHint.Root).SelectMany(p => new[] { p.Url, p.FinalUrl }).OfType<string>().ToHashSet();

        // Lists by address without the page number; a numbered page a list announced joins that list's column.
        var lists = site._byUrl.Values.Where(p => p.Kind == LegacyPageKind.List).OrderBy(p => p.Url, StringComparer.Ordinal).ToList();
        var alias = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var key = ColumnKeyOf(new Uri(list.Url));
            foreach (var numbered in list.Pagination ?? [])
            {
                var other = ColumnKeyOf(new Uri(numbered));
                if (other != key && !alias.ContainsKey(key))
                {
                    alias.TryAdd(other, key);
                }
            }
        }

        string Resolve(string key)
        {
            for (var i = 0; i < 10 && alias.TryGetValue(key, out var next); i++)
            {
                key = next;
            }

            return key;
        }

        var columns = new Dictionary<string, LegacyColumn>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var key = Resolve(ColumnKeyOf(new Uri(list.Url)));
            if (!columns.TryGetValue(key, out var column))
            {
                columns[key] = column = new LegacyColumn { Key = key, Name = string.Empty };
            }

            column.ListUrls.Add(list.Url);
            if (list.FinalUrl is { } final)
            {
                column.ListUrls.Add(final);
            }
        }

        foreach (var column in columns.Values)
        {
            // The name its first page gives (the page not reached as a numbered page, the shortest address).
            var named = column.ListUrls.Select(u => site._byUrl.GetValueOrDefault(u)).OfType<LegacyPage>()
                .OrderBy(p => p.Hint == LegacyPageHint.Pagination).ThenBy(p => p.Url.Length).ThenBy(p => p.Url, StringComparer.Ordinal)
                .FirstOrDefault(p => !string.IsNullOrWhiteSpace(p.ColumnName));
            column.Name = named?.ColumnName ?? LastSegment(column.Key);
            column.Trail = named?.ColumnTrail is { Count: > 1 } trail ? string.Join(" > ", trail) : null;
        }

        var articles = site._byUrl.Values.Where(p => p.Kind == LegacyPageKind.Article && p.Article is not null)
            .GroupBy(p => p.FinalUrl ?? p.Url)
            .Select(g => g.OrderBy(p => p.FinalUrl is null ? 0 : 1).ThenBy(p => p.Url, StringComparer.Ordinal).First())
            .OrderBy(p => p.Url, StringComparer.Ordinal)
            .ToList();

        var listed = new Dictionary<string, LegacyColumn>(StringComparer.Ordinal);
        var dates = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var column = columns[Resolve(ColumnKeyOf(new Uri(list.Url)))];
            foreach (var item in list.Items ?? [])
            {
                listed.TryAdd(item.Url, column);
                if (item.Date is { } date)
                {
                    dates.TryAdd(item.Url, date);
                }
            }
        }

        var columnOf = new Dictionary<string, LegacyColumn>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var byCrumb = (article.Breadcrumb ?? []).AsEnumerable().Reverse()
                .Select(u => columns.GetValueOrDefault(Resolve(ColumnKeyOf(new Uri(u))))).FirstOrDefault(c => c is not null);
            var byList = listed.GetValueOrDefault(article.Url) ?? (article.FinalUrl is { } f ? listed.GetValueOrDefault(f) : null);
            var path = new Uri(article.Url).AbsolutePath;
            var byFolder = columns.Values.Where(c => c.Key.EndsWith('/') && path.StartsWith(c.Key, StringComparison.Ordinal)).MaxBy(c => c.Key.Length);
            if ((byCrumb ?? byList ?? byFolder) is { } column)
            {
                column.Articles.Add(article);
                columnOf[article.Url] = column;
            }
        }

        site.Columns = [.. columns.Values.OrderBy(c => c.Key, StringComparer.Ordinal)];
        site.Articles = articles;
        site.ColumnOf = columnOf;
        site.ListDates = dates;
        return site;
    }

    /// <summary>The page fetched at <paramref name="url"/> or redirected to it.</summary>
    public LegacyPage? Find(string url) =>
        _byUrl.GetValueOrDefault(url) ?? _byUrl.Values.FirstOrDefault(p => p.FinalUrl == url);

    /// <summary>
    /// A list address without its page number: <c>/xxgk/gzdt/index_2.html</c> and
    /// <c>/xxgk/gzdt/index.html</c> are both <c>/xxgk/gzdt/</c>; <c>list.asp?id=3&amp;page=2</c>
    /// is <c>list.asp?id=3</c>. Other numbered pages join their list through the pagination it announced.
    /// </summary>
    public static string ColumnKeyOf(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        var slash = path.LastIndexOf('/');
        var file = path[(slash + 1)..];
        if (url.Query.Length <= 1 && IndexFile().IsMatch(file))
        {
            path = path[..(slash + 1)];
        }

        var query = url.Query.Length > 1
            ? string.Join('&', url.Query[1..].Split('&').Where(p => !PageParameter().IsMatch(p)))
            : string.Empty;
        return query.Length > 0 ? $"{path}?{query}" : path;
    }

    private static string LastSegment(string key) => key.TrimEnd('/').Split('/', '?')[^1] is { Length: > 0 } last ? last : key;

    [GeneratedRegex("^(index|default)(_\\d+)?\\.\\w+$", RegexOptions.IgnoreCase)]
    private static partial Regex IndexFile();

    [GeneratedRegex("^(page|pageno|pagenum|pageindex|p|pn|curpage|currentpage|cpage|start|offset)=", RegexOptions.IgnoreCase)]
    private static partial Regex PageParameter();
}
