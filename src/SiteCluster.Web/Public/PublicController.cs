using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
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
    ContentTypeStore types,
    IStringLocalizer<ThemeStrings> strings,
    IMediaStore mediaStore) : Controller
{
    private const int PageSize = 20;
    private const int LatestCount = 10;

    private SiteInfo Site => tenant.Site!;

    private IQueryable<ContentItem> PublicItems => db.ContentItems.AsNoTracking().WherePublic(Site);

    [HttpGet("/")]
    public async Task<IActionResult> Home()
    {
        var snapshot = registry.Current;
        var parent = Site.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        var children = snapshot.ChildrenOf(Site.Id).Where(IsListed).Select(s => chrome.Link(HttpContext, s)).ToList();
        await columns.LoadAsync(HttpContext.RequestAborted);
        var latest = await SummariesAsync(PublicItems.OrderByDescending(i => i.PublishedAt).Take(LatestCount));
        var model = new HomeViewModel(chrome.For(HttpContext, Site), parent is null ? null : chrome.Link(HttpContext, parent), children, await ColumnTreeAsync(null), latest);
        return View("/Views/Public/Home.cshtml", model);
    }

    /// <summary>政府网站导航: every listed site of the cluster as a tree.</summary>
    [HttpGet("/directory")]
    public IActionResult Directory()
    {
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
        return View("/Views/Public/Directory.cshtml", new DirectoryViewModel(chrome.For(HttpContext, Site), roots, count));
    }

    /// <summary>
    /// A file of the site's media library, served only while a public item attaches it or
    /// shows it in its body: drafts' files stay private even to someone who has the address.
    /// </summary>
    [HttpGet("/media/{id:guid}/{name?}")]
    public async Task<IActionResult> Media(Guid id)
    {
        var pattern = $"%{id}%";
        var shown = await db.ContentItems
            .FromSql($"""SELECT * FROM "ContentItems" WHERE "Attachments" LIKE {pattern} OR "Body" LIKE {pattern}""")
            .AsNoTracking().WherePublic(Site).AnyAsync(HttpContext.RequestAborted);
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
    /// Every other path: a column (<c>/zcwj/bjwj/</c>), an item (<c>/zcwj/bjwj/{id}.html</c>,
    /// moved to its column's current path with a 301), or the theme's 404 page.
    /// </summary>
    public async Task<IActionResult> Resolve(string? path, int page = 1)
    {
        await columns.LoadAsync(HttpContext.RequestAborted);
        path = (path ?? string.Empty).Trim('/');
        var slash = path.LastIndexOf('/');
        var last = path[(slash + 1)..];
        if (last.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && Guid.TryParseExact(last[..^5], "N", out var itemId))
        {
            return await ItemAsync(itemId, slash < 0 ? string.Empty : path[..slash]);
        }

        return columns.FindByPath(path) is { } column ? await ColumnAsync(column, page) : PageNotFound();
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
        var items = PublicItems.Where(i => i.ColumnId == column.Id);
        var total = await items.CountAsync(HttpContext.RequestAborted);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var list = await SummariesAsync(items.OrderByDescending(i => i.PublishedAt).ThenByDescending(i => i.Id).Skip((page - 1) * PageSize).Take(PageSize));
        var model = new ColumnPageViewModel(
            chrome.For(HttpContext, Site), Breadcrumbs(column.Id, linkLast: false), column.Name, await ColumnTreeAsync(column.Id), list, page, pageCount, total);
        return View("/Views/Public/Column.cshtml", model);
    }

    private async Task<IActionResult> ItemAsync(Guid id, string requestedPath)
    {
        var item = await PublicItems.SingleOrDefaultAsync(i => i.Id == id, HttpContext.RequestAborted);
        if (item is null || columns.PathOf(item.ColumnId) is not { } path)
        {
            return PageNotFound();
        }

        if (path != requestedPath)
        {
            return RedirectPermanent(ItemUrl(item.Id, path));
        }

        var type = await types.GetAsync(item.ContentType, HttpContext.RequestAborted);
        var expired = item.Status == ContentStatus.Expired;
        var model = new ItemPageViewModel(
            chrome.For(HttpContext, Site),
            Breadcrumbs(item.ColumnId, linkLast: true),
            item.Title,
            type.DisplayName!,
            expired,
            Metadata(item, expired),
            item.Body,
            await FieldsAsync(type, item),
            [.. item.Attachments.Select(a => new LabelledValueViewModel(a.Name, a.Name, Url: $"{Request.PathBase}/media/{a.MediaId}/{Uri.EscapeDataString(a.Name)}"))],
            await RelatedAsync(item));
        ViewData["Title"] = item.Title;
        return View("/Views/Public/Item.cshtml", model);
    }

    private List<LabelledValueViewModel> Metadata(ContentItem item, bool expired)
    {
        var rows = new List<LabelledValueViewModel>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                rows.Add(new LabelledValueViewModel(strings[$"Meta_{key}"], value));
            }
        }

        Add("IndexNumber", item.IndexNumber);
        Add("TopicCategory", item.TopicCategory);
        Add("Publisher", item.Publisher);
        Add("WrittenDate", Date(item.WrittenDate));
        Add("DocumentNumber", item.DocumentNumber);
        Add("PublishedAt", item.PublishedAt is { } at ? BeijingTime.Format(at) : null);
        Add("Validity", expired ? strings["Expired"] : strings["Valid"]);
        Add("EffectiveDate", Date(item.EffectiveDate));
        Add("ExpiryDate", Date(item.ExpiryDate));
        Add("GenreCategory", item.GenreCategory);
        Add("Audience", item.Audience);
        Add("Keywords", item.Keywords);
        Add("Source", item.Source);
        return rows;
    }

    private async Task<List<LabelledValueViewModel>> FieldsAsync(ContentTypeDefinition type, ContentItem item)
    {
        var values = JsonNode.Parse(item.Fields)?.AsObject() ?? [];
        var result = new List<LabelledValueViewModel>();
        foreach (var field in type.AllFields)
        {
            if (values[field.Name!] is not JsonValue value)
            {
                continue;
            }

            switch (field.Type)
            {
                case ContentFieldType.ContentRef when Guid.TryParse(value.GetValue<string>(), out var target):
                    var linked = await PublicItems.Where(i => i.Id == target).Select(i => new { i.Id, i.Title, i.ColumnId }).SingleOrDefaultAsync(HttpContext.RequestAborted);
                    if (linked is not null && columns.PathOf(linked.ColumnId) is { } path)
                    {
                        result.Add(new LabelledValueViewModel(field.DisplayName!, linked.Title, Url: ItemUrl(linked.Id, path)));
                    }

                    break;
                case ContentFieldType.RichText:
                    result.Add(new LabelledValueViewModel(field.DisplayName!, value.GetValue<string>(), Html: true));
                    break;
                case ContentFieldType.Boolean:
                    result.Add(new LabelledValueViewModel(field.DisplayName!, value.GetValue<bool>() ? strings["Yes"] : strings["No"]));
                    break;
                case ContentFieldType.Url:
                    result.Add(new LabelledValueViewModel(field.DisplayName!, value.GetValue<string>(), Url: value.GetValue<string>()));
                    break;
                default:
                    result.Add(new LabelledValueViewModel(field.DisplayName!, value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : value.GetValue<string>()));
                    break;
            }
        }

        return result;
    }

    /// <summary>Public items that link to this one (a policy's interpretations), under the name the linking field gives them.</summary>
    private async Task<List<RelatedItemsViewModel>> RelatedAsync(ContentItem item)
    {
        var incoming = await db.ContentRelations.AsNoTracking().Where(r => r.ToItemId == item.Id)
            .Join(PublicItems, r => r.FromItemId, i => i.Id, (r, i) => new { r.Field, i.ContentType, Item = i })
            .ToListAsync(HttpContext.RequestAborted);
        var all = await types.AllAsync(HttpContext.RequestAborted);
        return
        [
            .. incoming.GroupBy(r => (r.ContentType, r.Field)).Select(g =>
            {
                var field = all.GetValueOrDefault(g.Key.ContentType)?.Field(g.Key.Field);
                var label = field?.InverseDisplayName ?? all.GetValueOrDefault(g.Key.ContentType)?.DisplayName ?? g.Key.ContentType;
                return new RelatedItemsViewModel(label, [.. g.Select(r => Summary(r.Item)).OfType<ItemSummaryViewModel>()]);
            }),
        ];
    }

    private async Task<List<ColumnLinkViewModel>> ColumnTreeAsync(Guid? parentId)
    {
        var counts = await PublicItems.GroupBy(i => i.ColumnId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
        // A column counts its own items and those of the columns under it.
        List<ColumnLinkViewModel> Tree(Guid? parent) =>
        [
            .. columns.ChildrenOf(parent).Select(c =>
            {
                var children = Tree(c.Id);
                return new ColumnLinkViewModel(c.Name, ColumnUrl(columns.PathOf(c.Id)!), counts.GetValueOrDefault(c.Id) + children.Sum(x => x.ItemCount), children);
            }),
        ];
        return Tree(parentId);
    }

    private async Task<List<ItemSummaryViewModel>> SummariesAsync(IQueryable<ContentItem> items) =>
        [.. (await items.ToListAsync(HttpContext.RequestAborted)).Select(Summary).OfType<ItemSummaryViewModel>()];

    private ItemSummaryViewModel? Summary(ContentItem item) =>
        columns.PathOf(item.ColumnId) is { } path
            ? new ItemSummaryViewModel(item.Title, ItemUrl(item.Id, path), item.PublishedAt is { } at ? BeijingTime.Format(at, "yyyy-MM-dd") : string.Empty, item.Status == ContentStatus.Expired)
            : null;

    private List<BreadcrumbViewModel> Breadcrumbs(Guid columnId, bool linkLast)
    {
        var trail = columns.Trail(columnId);
        var crumbs = new List<BreadcrumbViewModel> { new(strings["Home"], $"{Request.PathBase}/") };
        crumbs.AddRange(trail.Select((c, i) => new BreadcrumbViewModel(c.Name, linkLast || i < trail.Count - 1 ? ColumnUrl(columns.PathOf(c.Id)!) : null)));
        return crumbs;
    }

    private string ColumnUrl(string path) => $"{Request.PathBase}/{path}/";

    private string ItemUrl(Guid id, string columnPath) => $"{Request.PathBase}/{columnPath}/{id:N}.html";

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);


    private static bool IsListed(SiteInfo site) => site.Status != SiteStatus.Disabled;
}
