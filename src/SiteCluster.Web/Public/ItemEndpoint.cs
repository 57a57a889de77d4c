using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>
/// Article pages, <c>/{column path}/{id}.html</c>: the site's own item, or one reposted to it
/// (marked 来源, with a canonical link to the original). An item asked for under another path
/// is moved to its column's current path with a 301; anything not public is the theme's 404.
/// They are the public pages read most, so they have an endpoint of their own rather than an
/// MVC action: the same view and model, without the controller, filter and model-binding
/// pipeline around it (<c>docs/benchmarks.md</c>). Cached like every public page.
/// </summary>
public static class ItemEndpoint
{
    /// <summary>The route constraint that matches an item's address and nothing else.</summary>
    public const string Constraint = "publicitem";

    public static IServiceCollection AddItemEndpoint(this IServiceCollection services) =>
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<ItemPathConstraint>(Constraint));

    public static IEndpointConventionBuilder MapItemPages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods($"/{{**path:{Constraint}}}", [HttpMethods.Get, HttpMethods.Head], HandleAsync)
            .CachePublicPage();

    /// <summary>
    /// Splits an item's address into its column path and id: the last segment is the id in
    /// 32 hex digits followed by <c>.html</c>.
    /// </summary>
    public static bool TryParse(string? path, out string columnPath, out Guid id)
    {
        path = (path ?? string.Empty).Trim('/');
        var slash = path.LastIndexOf('/');
        var last = path.AsSpan(slash + 1);
        columnPath = slash < 0 ? string.Empty : path[..slash];
        id = Guid.Empty;
        return last.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && Guid.TryParseExact(last[..^5], "N", out id);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var site = services.GetRequiredService<TenantContext>().Site!;
        var columns = services.GetRequiredService<SiteColumns>();
        var pages = services.GetRequiredService<ItemPages>();
        if (!TryParse(context.GetRouteValue("path") as string, out var requestedPath, out var id))
        {
            // The route constraint let only an item's address through.
            throw new InvalidOperationException("Not an item's address.");
        }

        await columns.LoadAsync(context.RequestAborted);
        var db = services.GetRequiredService<SiteClusterDbContext>();

        // By key, then the public rule in memory: one primary-key lookup, whatever the site's size.
        // Not the site's own: an item another site reposted here, shown under this site's column
        // while the source keeps it public and this site shows the repost.
        var read = await services.GetRequiredService<IItemReader>().FindAsync(db, site.Id, id, context.RequestAborted);
        var item = read?.Item;
        var (owner, columnId) = (site, item?.ColumnId ?? Guid.Empty);
        if (item is null)
        {
            if (await ShownRepost.FindAsync(db, services.GetRequiredService<ISiteRegistry>(), id, context.RequestAborted) is not { } shown)
            {
                await DetachedCopyOrNotFoundAsync(context, db, pages, columns, site, id);
                return;
            }

            (item, owner, columnId) = (shown.Item, shown.Source, shown.Repost.ColumnId);
        }

        if (!item.IsPublic(owner) || columns.PathOf(columnId) is not { } path)
        {
            await NotFoundAsync(context, site);
            return;
        }

        if (path != requestedPath)
        {
            context.Response.Redirect(pages.ItemUrl(item.Id, path), permanent: true);
            return;
        }

        PublicPageCache.Tag(context, PublicPageCache.ItemTag(item.Id));
        item.ColumnId = columnId;
        string? canonical = null;
        ItemPageViewModel model;
        if (owner == site)
        {
            model = await pages.BuildAsync(item, read?.Utf8Body is { } utf8 ? new Utf8Html(utf8) : null);
        }
        else
        {
            // Marked 来源, with a canonical link to the original; files and images are the source site's.
            var sourceHome = SiteLinks.HomeUrl(context, owner);
            var files = sourceHome + "media/";
            canonical = $"{sourceHome}{item.Id:N}.html";
            item.Body = MediaLinks.Rewrite(item.Body, (mediaId, name) => $"{files}{mediaId}/{name}");
            model = await pages.BuildAsync(item) with
            {
                Attachments = [.. item.Attachments.Select(a => new LabelledValueViewModel(a.Name, a.Name, Url: $"{files}{a.MediaId}/{Uri.EscapeDataString(a.Name)}"))],
                Source = new ItemSourceViewModel(owner.Name, canonical),
            };
        }

        await services.GetRequiredService<PublicViews>().RenderAsync(context, "/Views/Public/Item.cshtml", model, viewData: data =>
        {
            data["Title"] = item.Title;
            data["Canonical"] = canonical;
        });
    }

    /// <summary>
    /// No item by that id here: a repost this site detached into a copy of its own (its old
    /// address leads to the copy), an address of the site's old website that looks like an
    /// article's (old websites name pages by hex ids too), or the theme's 404 page.
    /// </summary>
    private static async Task DetachedCopyOrNotFoundAsync(HttpContext context, SiteClusterDbContext db, ItemPages pages, SiteColumns columns, SiteInfo site, Guid id)
    {
        var key = RepostService.DetachedKey(id);
        var copy = await db.ContentItems.AsNoTracking().Where(i => i.ImportKey == key).Select(i => new { i.Id, i.ColumnId }).SingleOrDefaultAsync(context.RequestAborted);
        if (copy is not null && columns.PathOf(copy.ColumnId) is { } copyPath)
        {
            context.Response.Redirect(pages.ItemUrl(copy.Id, copyPath), permanent: true);
            return;
        }

        if (await LegacyRedirects.TargetAsync(context, db, columns, site) is { } legacy)
        {
            context.Response.Redirect(legacy, permanent: true);
            return;
        }

        await NotFoundAsync(context, site);
    }

    private static Task NotFoundAsync(HttpContext context, SiteInfo site) =>
        context.RequestServices.GetRequiredService<StatusPageRenderer>().RenderAsync(context, StatusPage.NotFound, site);

    /// <summary>Matches the path only when it is an item's address (<see cref="TryParse"/>).</summary>
    private sealed class ItemPathConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            values.TryGetValue(routeKey, out var value) && TryParse(value as string, out _, out _);
    }
}
