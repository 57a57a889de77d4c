using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.SiteMigration;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Public;

/// <summary>
/// Addresses of a site's old website that a migration imported (<see cref="LegacyRedirect"/>).
/// Asked for by every public path that is nothing else: a column path that does not exist, and an
/// article address (<c>…/{32 hex digits}.html</c>) that is no item, since old websites name pages
/// that way too.
/// </summary>
public static class LegacyRedirects
{
    /// <summary>
    /// Where the request's old address leads: the item, the column, the copied file or the home
    /// page, on the site's primary host (so the old domain, once an alias host of the site, leads to
    /// the new one); null when it is not an imported address or its target is gone.
    /// </summary>
    public static async Task<string?> TargetAsync(HttpContext context, SiteClusterDbContext db, SiteColumns columns, SiteInfo site)
    {
        var request = context.Request;
        var key = LegacyRedirect.KeyOf(request.Path.Value ?? "/", request.QueryString.Value);
        if (key.Length > LegacyRedirect.MaxKeyLength)
        {
            return null;
        }

        var redirect = await db.LegacyRedirects.AsNoTracking().Where(r => r.PathKey == key)
            .Select(r => new { r.ItemId, r.ColumnId, r.MediaId, r.MediaName, r.IsHome })
            .SingleOrDefaultAsync(context.RequestAborted);
        if (redirect is null)
        {
            return null;
        }

        string? target = null;
        if (redirect.ItemId is { } itemId)
        {
            var columnId = await db.ContentItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => (Guid?)i.ColumnId).SingleOrDefaultAsync(context.RequestAborted);
            target = columnId is { } c && columns.PathOf(c) is { } itemPath ? $"{itemPath}/{itemId:N}.html" : null;
        }
        else if (redirect.ColumnId is { } columnId)
        {
            target = columns.PathOf(columnId) is { } columnPath ? $"{columnPath}/" : null;
        }
        else if (redirect.MediaId is { } mediaId)
        {
            target = $"media/{mediaId}/{Uri.EscapeDataString(redirect.MediaName ?? "file")}";
        }
        else if (redirect.IsHome)
        {
            target = string.Empty;
        }

        return target is null ? null : SiteLinks.HomeUrl(context, site) + target;
    }
}
