using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>
/// The site's fixed pages beside its columns and items: the disclosure catalogue (目录 with item
/// counts), the disclosure guide (公开指南), the site map, RSS per column, <c>sitemap.xml</c> and
/// <c>robots.txt</c>. All are cached like every public page and evicted with the site.
/// </summary>
public sealed class PublicPagesController(
    TenantContext tenant,
    SiteChrome chrome,
    SiteClusterDbContext db,
    SiteColumns columns,
    ItemPages pages,
    StatusPageRenderer statusPages,
    IStringLocalizer<ThemeStrings> strings) : Controller
{
    /// <summary>The catalogue code of 政府信息公开指南.</summary>
    public const string GuideCatalogueCode = "1101";

    private const int SitemapLimit = 50_000;

    private SiteInfo Site => tenant.Site!;

    private IQueryable<ContentItem> PublicItems => db.ContentItems.AsNoTracking().WherePublic(Site);

    /// <summary>政府信息公开目录: the standard catalogue's columns of this site, as a tree with item counts.</summary>
    [HttpGet("/catalogue")]
    [CachedPublicPage]
    public async Task<IActionResult> Catalogue()
    {
        await columns.LoadAsync(HttpContext.RequestAborted);
        var tree = await pages.ColumnTreeAsync(null, c => c.CatalogueCode is not null);
        var model = new TreePageViewModel(chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["Catalogue"]), strings["Catalogue"], tree, tree.Sum(c => c.ItemCount), []);
        return View("/Views/Public/Catalogue.cshtml", model);
    }

    /// <summary>网站地图: every visible column, local ones too, and the site's fixed pages.</summary>
    [HttpGet("/sitemap")]
    [CachedPublicPage]
    public async Task<IActionResult> SiteMap()
    {
        await columns.LoadAsync(HttpContext.RequestAborted);
        var tree = await pages.ColumnTreeAsync(null, _ => true);
        var home = $"{Request.PathBase}/";
        List<BreadcrumbViewModel> fixedPages =
        [
            new(strings["Home"], home),
            new(strings["Catalogue"], home + "catalogue"),
            new(strings["Guide"], home + "guide"),
            new(strings["Directory"], home + "directory"),
        ];
        var model = new TreePageViewModel(chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["SiteMap"]), strings["SiteMap"], tree, tree.Sum(c => c.ItemCount), fixedPages);
        return View("/Views/Public/SiteMap.cshtml", model);
    }

    /// <summary>政府信息公开指南: the site's current guide (the newest public item of catalogue node 1101).</summary>
    [HttpGet("/guide")]
    public async Task<IActionResult> Guide()
    {
        await columns.LoadAsync(HttpContext.RequestAborted);
        var guide = await PublicItems
            .Join(db.Columns.Where(c => c.CatalogueCode == GuideCatalogueCode), i => i.ColumnId, c => c.Id, (i, _) => i)
            .OrderByDescending(i => i.PublishedAt).Select(i => new { i.Id, i.ColumnId }).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (guide is not null && columns.PathOf(guide.ColumnId) is { } path)
        {
            return Redirect(pages.ItemUrl(guide.Id, path));
        }

        var model = statusPages.Build(HttpContext, StatusPage.NotFound, Site) with { Title = strings["Guide"], Message = strings["NoGuide"] };
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("/Views/Public/Status.cshtml", model);
    }

    [HttpGet("/robots.txt")]
    [CachedPublicPage]
    public IActionResult Robots() => Content(
        $"User-agent: *\nDisallow: /admin\nDisallow: /display\nSitemap: {Request.Scheme}://{Request.Host}{Request.PathBase}/sitemap.xml\n",
        "text/plain; charset=utf-8");

    /// <summary>The site's columns and public items for search engines, newest first, at most 50,000 addresses.</summary>
    [HttpGet("/sitemap.xml")]
    [CachedPublicPage]
    public async Task<IActionResult> SitemapXml()
    {
        await columns.LoadAsync(HttpContext.RequestAborted);
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var origin = $"{Request.Scheme}://{Request.Host}";
        var urls = new List<XElement> { SitemapEntry(ns, origin + pages.HomeUrl(), null) };
        urls.AddRange(columns.Descendants(null).Select(c => SitemapEntry(ns, origin + pages.ColumnUrl(columns.PathOf(c.Id)!), null)));
        var items = await pages.Listed().OrderByDescending(i => i.PublishedAt).Take(SitemapLimit - urls.Count)
            .Select(i => new { i.Id, i.ColumnId, i.PublishedAt }).ToListAsync(HttpContext.RequestAborted);
        urls.AddRange(items.Where(i => columns.PathOf(i.ColumnId) is not null)
            .Select(i => SitemapEntry(ns, origin + pages.ItemUrl(i.Id, columns.PathOf(i.ColumnId)!), i.PublishedAt)));
        return PublicXml.Result(new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(ns + "urlset", urls)), "application/xml");
    }


    private static XElement SitemapEntry(XNamespace ns, string location, DateTimeOffset? modified) =>
        new(ns + "url", new XElement(ns + "loc", location), modified is { } at ? new XElement(ns + "lastmod", BeijingTime.Format(at, "yyyy-MM-dd")) : null);
}
