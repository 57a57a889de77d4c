using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>
/// What the public pages of the current site are built from: an item's page (metadata table,
/// type fields, attachments, items that link to it), list summaries, breadcrumbs and links.
/// The public item page and the admin's preview of a draft build the same page here.
/// </summary>
public sealed class ItemPages(
    TenantContext tenant,
    SiteChrome chrome,
    SiteClusterDbContext db,
    SiteColumns columns,
    ContentTypeStore types,
    IStringLocalizer<ThemeStrings> strings,
    IHttpContextAccessor accessor)
{
    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("Public pages are built for a request.");

    private PathString PathBase => Http.Request.PathBase;

    private CancellationToken Aborted => Http.RequestAborted;

    private SiteInfo Site => tenant.Site!;

    private IQueryable<ContentItem> PublicItems => db.ContentItems.AsNoTracking().WherePublic(Site);

    /// <summary>
    /// What the site lists: its own public items, and the items reposted to it (shown, and still
    /// public at their source), each under the column it is listed in here.
    /// </summary>
    public IQueryable<ListedItem> Listed() => Own().Concat(Reposted());

    private IQueryable<ListedItem> Own() =>
        PublicItems.Select(i => new ListedItem { Id = i.Id, Title = i.Title, PublishedAt = i.PublishedAt, Status = i.Status, ColumnId = i.ColumnId, SourceSiteId = null });

    // Another site's items are read only through this site's own reposts (and, on PostgreSQL, the
    // row policy that allows exactly those).
    private IQueryable<ListedItem> Reposted() =>
        db.Reposts.AsNoTracking().Where(r => r.State == RepostState.Shown)
            .Join(
                db.ContentItems.IgnoreQueryFilters().AsNoTracking().WhereShowableOn(Site),
                r => r.SourceItemId,
                i => i.Id,
                (r, i) => new ListedItem { Id = i.Id, Title = i.Title, PublishedAt = i.PublishedAt, Status = i.Status, ColumnId = r.ColumnId, SourceSiteId = r.SourceSiteId });

    /// <summary>
    /// The page of <paramref name="item"/> as the public sees it (its column's tree must be
    /// loaded), with <paramref name="body"/> as its body if given, else the item's own.
    /// </summary>
    public async Task<ItemPageViewModel> BuildAsync(ContentItem item, IHtmlContent? body = null)
    {
        var type = await types.GetAsync(item.ContentType, Aborted);
        var expired = item.Status == ContentStatus.Expired;
        return new ItemPageViewModel(
            chrome.For(Http, Site),
            Breadcrumbs(item.ColumnId, linkLast: true),
            item.Title,
            type.DisplayName!,
            expired,
            Metadata(item, expired),
            body ?? (item.Body is null ? null : new HtmlString(item.Body)),
            await FieldsAsync(type, item),
            [.. item.Attachments.Select(a => new LabelledValueViewModel(a.Name, a.Name, Url: $"{PathBase}/media/{a.MediaId}/{Uri.EscapeDataString(a.Name)}"))],
            await RelatedAsync(item));
    }

    private List<LabelledValueViewModel> Metadata(ContentItem item, bool expired)
    {
        var rows = new List<LabelledValueViewModel>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                rows.Add(new LabelledValueViewModel(strings[label], value));
            }
        }

        Add("Meta_IndexNumber", item.IndexNumber);
        Add("Meta_TopicCategory", item.TopicCategory);
        Add("Meta_Publisher", item.Publisher);
        Add("Meta_WrittenDate", Date(item.WrittenDate));
        Add("Meta_DocumentNumber", item.DocumentNumber);
        Add("Meta_PublishedAt", item.PublishedAt is { } at ? BeijingTime.Format(at) : null);
        Add("Meta_Validity", expired ? strings["Expired"] : strings["Valid"]);
        Add("Meta_EffectiveDate", Date(item.EffectiveDate));
        Add("Meta_ExpiryDate", Date(item.ExpiryDate));
        Add("Meta_GenreCategory", item.GenreCategory);
        Add("Meta_Audience", item.Audience);
        Add("Meta_Keywords", item.Keywords);
        Add("Meta_Source", item.Source);
        return rows;
    }

    private async Task<List<LabelledValueViewModel>> FieldsAsync(ContentTypeDefinition type, ContentItem item)
    {
        if (type.AllFields.Count == 0)
        {
            return [];
        }

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
                    var linked = await PublicItems.Where(i => i.Id == target).Select(i => new { i.Id, i.Title, i.ColumnId }).SingleOrDefaultAsync(Aborted);
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
        // Only a type with a link field to this one can link here (an interpretation to a policy):
        // for every other item there is nothing to read.
        var all = await types.AllAsync(Aborted);
        if (!all.Values.Any(t => t.AllFields.Any(f => f.Type == ContentFieldType.ContentRef && (f.ContentType is null || f.ContentType == item.ContentType))))
        {
            return [];
        }

        // Two indexed lookups rather than one join: SQLite would otherwise walk the site's items.
        var links = await db.ContentRelations.AsNoTracking().Where(r => r.ToItemId == item.Id)
            .Select(r => new { r.FromItemId, r.Field }).ToListAsync(Aborted);
        if (links.Count == 0)
        {
            return [];
        }

        var fromIds = links.Select(l => l.FromItemId).Distinct().ToList();
        var linking = await PublicItems.Where(i => fromIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, Aborted);
        var incoming = links.Where(l => linking.ContainsKey(l.FromItemId))
            .Select(l => new { l.Field, linking[l.FromItemId].ContentType, Item = linking[l.FromItemId] }).ToList();
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

    /// <summary>
    /// The visible columns under <paramref name="parentId"/> that <paramref name="include"/> keeps,
    /// as a tree; a column counts its own public items and those of the columns under it.
    /// </summary>
    public async Task<List<ColumnLinkViewModel>> ColumnTreeAsync(Guid? parentId, Func<Column, bool> include)
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var part in new[] { Own(), Reposted() })
        {
            foreach (var group in await part.GroupBy(i => i.ColumnId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Aborted))
            {
                counts[group.Key] = counts.GetValueOrDefault(group.Key) + group.Count;
            }
        }

        List<ColumnLinkViewModel> Tree(Guid? parent) =>
        [
            .. columns.ChildrenOf(parent).Where(include).Select(c =>
            {
                var children = Tree(c.Id);
                return new ColumnLinkViewModel(c.Name, ColumnUrl(columns.PathOf(c.Id)!), counts.GetValueOrDefault(c.Id) + children.Sum(x => x.ItemCount), children);
            }),
        ];
        return Tree(parentId);
    }

    public string HomeUrl() => $"{PathBase}/";


    public async Task<List<ItemSummaryViewModel>> SummariesAsync(IQueryable<ListedItem> items) =>
        [.. (await items.ToListAsync(Aborted)).Select(Summary).OfType<ItemSummaryViewModel>()];

    public ItemSummaryViewModel? Summary(ListedItem item) =>
        columns.PathOf(item.ColumnId) is { } path
            ? new ItemSummaryViewModel(item.Title, ItemUrl(item.Id, path), item.PublishedAt is { } at ? BeijingTime.Format(at, "yyyy-MM-dd") : string.Empty, item.Status == ContentStatus.Expired)
            : null;

    public ItemSummaryViewModel? Summary(ContentItem item) =>
        Summary(new ListedItem { Id = item.Id, Title = item.Title, PublishedAt = item.PublishedAt, Status = item.Status, ColumnId = item.ColumnId });

    /// <summary>首页 &gt; the page the reader is on, for a page outside the columns (search, the catalogue, a form).</summary>
    public List<BreadcrumbViewModel> FixedPageBreadcrumbs(string title) => [new(strings["Home"], HomeUrl()), new(title, null)];

    public List<BreadcrumbViewModel> Breadcrumbs(Guid columnId, bool linkLast)
    {
        var trail = columns.Trail(columnId);
        var crumbs = new List<BreadcrumbViewModel> { new(strings["Home"], $"{PathBase}/") };
        crumbs.AddRange(trail.Select((c, i) => new BreadcrumbViewModel(c.Name, linkLast || i < trail.Count - 1 ? ColumnUrl(columns.PathOf(c.Id)!) : null)));
        return crumbs;
    }

    public string ColumnUrl(string path) => $"{PathBase}/{path}/";

    public string ItemUrl(Guid id, string columnPath) => $"{PathBase}/{columnPath}/{id:N}.html";

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A line of a list: an item of the site or one reposted to it, under the column it is listed in here.</summary>
public sealed class ListedItem
{
    public Guid Id { get; init; }

    public required string Title { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public ContentStatus Status { get; init; }

    public Guid ColumnId { get; init; }

    /// <summary>The source site of a repost; null for the site's own items.</summary>
    public Guid? SourceSiteId { get; init; }
}
