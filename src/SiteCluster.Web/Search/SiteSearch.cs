using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Search;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Search;

/// <summary>What a visitor asks the search page or its JSON twin for (query string names: q, scope, column, type, year, sort, page).</summary>
public sealed class SearchForm
{
    public string? Q { get; set; }

    /// <summary><c>site</c> (本站) or <c>province</c> (全省); unset: the provincial portal searches the province, other sites themselves.</summary>
    public string? Scope { get; set; }

    public Guid? Column { get; set; }

    public string? Type { get; set; }

    public int? Year { get; set; }

    /// <summary><c>date</c> for newest first; otherwise by relevance.</summary>
    public string? Sort { get; set; }

    public int Page { get; set; } = 1;
}

/// <summary>Runs a visitor's search on the current site or the whole cluster and turns the hits into links on the sites that show them.</summary>
public sealed class SiteSearch(
    TenantContext tenant,
    ISiteRegistry registry,
    ISearchIndex index,
    SiteChrome chrome,
    SiteColumns columns,
    ItemPages pages,
    ContentTypeStore types,
    TimeProvider time,
    IStringLocalizer<ThemeStrings> strings,
    IHttpContextAccessor accessor)
{
    public const int PageSize = 10;
    private const int YearsOffered = 10;

    private SiteInfo Site => tenant.Site!;

    private HttpContext Http => accessor.HttpContext!;

    /// <summary>Whether the form asks for the whole province: by choice, or by default on the provincial portal.</summary>
    public bool WholeProvince(SearchForm form) =>
        form.Scope switch
        {
            "province" => true,
            "site" => false,
            _ => Site.Level == SiteLevel.Province,
        };

    public async Task<(SearchResults Results, bool WholeProvince)> RunAsync(SearchForm form, CancellationToken cancellationToken)
    {
        var wholeProvince = WholeProvince(form);
        if (SearchText.Terms(form.Q).Count == 0)
        {
            return (SearchResults.Empty, wholeProvince);
        }

        var query = new SearchQuery
        {
            Text = form.Q!,
            Sites = wholeProvince ? [] : [Site.Id],
            ExcludedSites = [.. registry.Current.All.Where(s => s.Status == SiteStatus.Disabled).Select(s => s.Id)],
            ColumnId = wholeProvince ? null : form.Column,
            ContentType = string.IsNullOrWhiteSpace(form.Type) ? null : form.Type,
            Year = form.Year,
            Sort = form.Sort == "date" ? SearchSort.Date : SearchSort.Relevance,
            Page = Math.Max(1, form.Page),
            PageSize = PageSize,
        };
        return (await index.SearchAsync(query, cancellationToken), wholeProvince);
    }

    /// <summary>The address of a hit on the site that shows it (another site's address for a whole-province hit).</summary>
    public string Url(SearchDocument document)
    {
        var path = $"{document.ColumnPath}/{document.ItemId:N}.html";
        if (document.SiteId == Site.Id)
        {
            return $"{Http.Request.PathBase}/{path}";
        }

        return registry.Current.FindById(document.SiteId) is { } site ? SiteLinks.HomeUrl(Http, site) + path : string.Empty;
    }

    public string SiteName(Guid siteId) => registry.Current.FindById(siteId)?.Name ?? string.Empty;

    public async Task<SearchPageViewModel> PageAsync(SearchForm form, CancellationToken cancellationToken)
    {
        var (results, wholeProvince) = await RunAsync(form, cancellationToken);
        await columns.LoadAsync(cancellationToken);
        var allTypes = await types.AllAsync(cancellationToken);
        var thisYear = BeijingTime.YearOf(time.GetUtcNow());
        var pageCount = (int)Math.Ceiling(Math.Min(results.Total, 1000) / (double)PageSize);
        var page = Math.Max(1, form.Page);
        string PageUrl(int number)
        {
            var values = new Dictionary<string, string?>
            {
                ["q"] = form.Q,
                ["scope"] = wholeProvince ? "province" : "site",
                ["column"] = form.Column?.ToString(),
                ["type"] = form.Type,
                ["year"] = form.Year?.ToString(CultureInfo.InvariantCulture),
                ["sort"] = form.Sort == "date" ? "date" : null,
                ["page"] = number.ToString(CultureInfo.InvariantCulture),
            };
            return QueryHelpers.AddQueryString($"{Http.Request.PathBase}/search", values.Where(v => !string.IsNullOrEmpty(v.Value)));
        }

        return new SearchPageViewModel(
            chrome.For(Http, Site),
            pages.FixedPageBreadcrumbs(strings["Search"]),
            form.Q?.Trim() ?? string.Empty,
            wholeProvince,
            form.Column?.ToString(),
            form.Type,
            form.Year,
            form.Sort == "date",
            [.. columns.Descendants(null).Select(c => new SearchOptionViewModel(c.Id.ToString(), string.Join(" > ", columns.Trail(c.Id).Select(t => t.Name))))],
            [.. allTypes.Values.OrderBy(t => t.DisplayName, StringComparer.Ordinal).Select(t => new SearchOptionViewModel(t.Name!, t.DisplayName!))],
            [.. Enumerable.Range(0, YearsOffered).Select(i => thisYear - i)],
            [.. results.Hits.Select(h => new SearchResultViewModel(
                h.TitleHtml,
                Url(h.Document),
                h.SnippetHtml,
                SiteName(h.Document.SiteId),
                h.Document.ColumnName,
                BeijingTime.Format(h.Document.PublishedAt, "yyyy-MM-dd"),
                h.Document.DocumentNumber,
                h.Document.IsRepost ? SiteName(h.Document.SourceSiteId) : null,
                h.Document.Expired))],
            results.Total,
            page,
            pageCount,
            page > 1 ? PageUrl(page - 1) : null,
            page < pageCount ? PageUrl(page + 1) : null);
    }
}
