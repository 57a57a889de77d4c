using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SiteCluster.Core;

namespace SiteCluster.Web.Search;

/// <summary>The public search page of every site (本站 / 全省) and the same search as JSON.</summary>
[EnableRateLimiting(SearchEndpoints.RateLimitPolicy)]
public sealed class SearchController(SiteSearch search) : Controller
{
    [HttpGet("/search")]
    public async Task<IActionResult> Search([FromQuery] SearchForm form)
    {
        Response.Headers.CacheControl = "no-cache";
        return View("/Views/Public/Search.cshtml", await search.PageAsync(form, HttpContext.RequestAborted));
    }

    [HttpGet("/api/search")]
    public async Task<IActionResult> Json([FromQuery] SearchForm form)
    {
        var (results, wholeProvince) = await search.RunAsync(form, HttpContext.RequestAborted);
        return Ok(new
        {
            query = form.Q?.Trim() ?? string.Empty,
            scope = wholeProvince ? "province" : "site",
            total = results.Total,
            page = Math.Max(1, form.Page),
            pageSize = SiteSearch.PageSize,
            results = results.Hits.Select(h => new
            {
                title = h.Document.Title,
                titleHtml = h.TitleHtml,
                url = search.Url(h.Document),
                snippetHtml = h.SnippetHtml,
                site = search.SiteName(h.Document.SiteId),
                column = h.Document.ColumnName,
                contentType = h.Document.ContentType,
                publishedAt = BeijingTime.Format(h.Document.PublishedAt),
                documentNumber = h.Document.DocumentNumber,
                indexNumber = h.Document.IndexNumber,
                source = h.Document.IsRepost ? search.SiteName(h.Document.SourceSiteId) : null,
                expired = h.Document.Expired,
            }),
        });
    }
}
