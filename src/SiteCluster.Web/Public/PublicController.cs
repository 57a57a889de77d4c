using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>The public pages of the current site: home, directory, column lists and items.</summary>
public sealed class PublicController(
    TenantContext tenant,
    ISiteRegistry registry,
    SiteChrome chrome,
    StatusPageRenderer statusPages,
    SiteClusterDbContext db,
    SiteColumns columns,
    ItemPages pages,
    IMediaStore mediaStore,
    IStringLocalizer<ThemeStrings> strings) : Controller
{
    private const int PageSize = 20;
    private const int LatestCount = 10;
    private const int FeedCount = 20;
    private const int BlockCount = 6;

    private SiteInfo Site => tenant.Site!;

    private IQueryable<ContentItem> PublicItems => db.ContentItems.AsNoTracking().WherePublic(Site);

    [HttpGet("/")]
    [CachedPublicPage]
    public async Task<IActionResult> Home()
    {
        var snapshot = registry.Current;
        var parent = Site.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        var children = snapshot.ChildrenOf(Site.Id).Where(IsListed).Select(s => chrome.Link(HttpContext, s)).ToList();
        await columns.LoadAsync(HttpContext.RequestAborted);
        var latest = await pages.SummariesAsync(pages.Listed().OrderByDescending(i => i.PublishedAt).Take(LatestCount));
        var blocks = new List<HomeBlockViewModel>();
        foreach (var code in Site.Look.EffectiveHomeColumns)
        {
            if (columns.Descendants(null).FirstOrDefault(c => c.CatalogueCode == code) is { } column)
            {
                var ids = columns.Descendants(column.Id).Select(c => c.Id).Append(column.Id).ToList();
                var items = await pages.SummariesAsync(pages.Listed().Where(i => ids.Contains(i.ColumnId)).OrderByDescending(i => i.PublishedAt).Take(BlockCount));
                blocks.Add(new HomeBlockViewModel(column.Name, pages.ColumnUrl(columns.PathOf(column.Id)!), items));
            }
        }

        var quickLinks = Site.Look.QuickLinks.Select(l => new BreadcrumbViewModel(l.Name, l.Url)).ToList();
        var model = new HomeViewModel(
            chrome.For(HttpContext, Site), parent is null ? null : chrome.Link(HttpContext, parent), children, await pages.ColumnTreeAsync(null, _ => true), latest, blocks, quickLinks);
        return View("/Views/Public/Home.cshtml", model);
    }

    /// <summary>政府网站导航: every listed site of the cluster as a tree.</summary>
    [HttpGet("/directory")]
    [CachedPublicPage]
    public IActionResult Directory()
    {
        PublicPageCache.Tag(HttpContext, PublicPageCache.DirectoryTag);
        var snapshot = registry.Current;
        var count = 0;
        List<DirectoryNodeViewModel> Nodes(Guid? parentId) =>
        [
            .. snapshot.ChildrenOf(parentId).Where(IsListed).Select(s =>
            {
                count++;
                return new DirectoryNodeViewModel(chrome.Link(HttpContext, s), Nodes(s.Id));
            }),
        ];

        var roots = Nodes(null);
        return View("/Views/Public/Directory.cshtml", new DirectoryViewModel(chrome.For(HttpContext, Site), pages.FixedPageBreadcrumbs(strings["Directory"]), roots, count));
    }

    /// <summary>
    /// A file of the site's media library, served only while a public item or a published
    /// consultation attaches it or shows it in its body, or the site shows it as its emblem or
    /// banner: drafts' files stay private even to someone who has the address.
    /// </summary>
    [HttpGet("/media/{id:guid}/{name?}")]
    public async Task<IActionResult> Media(Guid id)
    {
        var pattern = $"%{id}%";
        var look = Site.Look;
        var shown = id == look.LogoMediaId || id == look.BannerMediaId || await db.ContentItems
            .FromSql($"""SELECT * FROM "ContentItems" WHERE "Attachments" LIKE {pattern} OR "Body" LIKE {pattern}""")
            .AsNoTracking().WherePublic(Site).AnyAsync(HttpContext.RequestAborted)
            || await db.Consultations.AsNoTracking().AnyAsync(c => c.PublishedAt != null && (c.AttachmentId == id || c.Body!.Contains(id.ToString())), HttpContext.RequestAborted);
        var media = shown ? await db.MediaItems.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, HttpContext.RequestAborted) : null;
        var stream = media is null ? null : await mediaStore.OpenReadAsync(media.StorageKey, HttpContext.RequestAborted);
        if (media is null || stream is null)
        {
            return PageNotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        var inline = media.Kind is MediaKind.Image or MediaKind.Pdf;
        return inline
            ? File(stream, media.ContentType, enableRangeProcessing: true)
            : File(stream, media.ContentType, media.FileName, enableRangeProcessing: true);
    }

    /// <summary>
    /// Every other path: a column (<c>/zcwj/bjwj/</c>) or its feed, an address of the site's old
    /// website (301 to where its content is now), or the theme's 404 page. Items
    /// (<c>/zcwj/bjwj/{id}.html</c>) have an endpoint of their own (<see cref="ItemEndpoint"/>).
    /// </summary>
    [CachedPublicPage]
    public async Task<IActionResult> Resolve(string? path, int page = 1)
    {
        await columns.LoadAsync(HttpContext.RequestAborted);
        path = (path ?? string.Empty).Trim('/');
        var slash = path.LastIndexOf('/');
        var last = path[(slash + 1)..];
        if (last == "rss.xml")
        {
            return columns.FindByPath(slash < 0 ? string.Empty : path[..slash]) is { } feedColumn ? await FeedAsync(feedColumn) : PageNotFound();
        }

        if (columns.FindByPath(path) is { } column)
        {
            return await ColumnAsync(column, page);
        }

        return await LegacyRedirects.TargetAsync(HttpContext, db, columns, Site) is { } target ? RedirectPermanent(target) : PageNotFound();
    }

    /// <summary>The theme's 404 page.</summary>
    public IActionResult PageNotFound()
    {
        var model = statusPages.Build(HttpContext, StatusPage.NotFound, Site);
        Response.StatusCode = model.StatusCode;
        return View("/Views/Public/Status.cshtml", model);
    }

    private async Task<IActionResult> ColumnAsync(Column column, int page)
    {
        PublicPageCache.Tag(HttpContext, PublicPageCache.ColumnTag(column.Id));
        var listed = await pages.Listed().Where(i => i.ColumnId == column.Id).OrderByDescending(i => i.PublishedAt).ThenByDescending(i => i.Id)
            .PageAsync(page, PageSize, HttpContext.RequestAborted);
        var model = new ColumnPageViewModel(
            chrome.For(HttpContext, Site), pages.Breadcrumbs(column.Id, linkLast: false), column.Name, await pages.ColumnTreeAsync(column.Id, _ => true),
            [.. listed.Entries.Select(pages.Summary).OfType<ItemSummaryViewModel>()], listed.Number, listed.Count, listed.Total);
        return View("/Views/Public/Column.cshtml", model);
    }

    /// <summary>RSS 2.0 of a column's newest items (its sub-columns' and reposts too): <c>/{column path}/rss.xml</c>.</summary>
    private async Task<IActionResult> FeedAsync(Column column)
    {
        PublicPageCache.Tag(HttpContext, PublicPageCache.ColumnTag(column.Id));
        var ids = columns.Descendants(column.Id).Select(c => c.Id).Append(column.Id).ToList();
        var items = await pages.Listed().Where(i => ids.Contains(i.ColumnId)).OrderByDescending(i => i.PublishedAt).Take(FeedCount).ToListAsync(HttpContext.RequestAborted);
        var origin = $"{Request.Scheme}://{Request.Host}";
        var channel = new XElement("channel",
            new XElement("title", $"{column.Name} - {Site.Name}"),
            new XElement("link", origin + pages.ColumnUrl(columns.PathOf(column.Id)!)),
            new XElement("description", $"{Site.Name} {column.Name}"),
            new XElement("language", "zh-cn"));
        foreach (var item in items.Where(i => columns.PathOf(i.ColumnId) is not null))
        {
            var link = origin + pages.ItemUrl(item.Id, columns.PathOf(item.ColumnId)!);
            channel.Add(new XElement("item",
                new XElement("title", item.Title),
                new XElement("link", link),
                new XElement("guid", new XAttribute("isPermaLink", "true"), link),
                item.PublishedAt is { } at ? new XElement("pubDate", at.ToString("r", CultureInfo.InvariantCulture)) : null));
        }

        return PublicXml.Result(new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("rss", new XAttribute("version", "2.0"), channel)), "application/rss+xml");
    }

    private static bool IsListed(SiteInfo site) => site.Status != SiteStatus.Disabled;
}
