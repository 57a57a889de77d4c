using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Public;

/// <summary>
/// The current site's visible columns with their URL paths (<c>/zcwj/bjwj/</c>), read once and
/// kept in memory until a change to the site's columns is committed.
/// </summary>
public sealed class SiteColumns(SiteClusterDbContext db, TenantContext tenant, PublicReadCaches caches)
{
    private Dictionary<Guid, Column>? _byId;
    private Dictionary<string, Column>? _byPath;
    private ILookup<Guid?, Column>? _byParent;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_byId is not null)
        {
            return;
        }

        var site = tenant.Site ?? throw new InvalidOperationException("Columns are read for a site.");
        var columns = (List<Column>)await caches.Columns.GetAsync(site.Id, async () =>
            await db.Columns.AsNoTracking().Where(c => !c.IsHidden).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken));
        _byId = columns.ToDictionary(c => c.Id);
        _byParent = columns.ToLookup(c => c.ParentId);
        _byPath = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (PathOf(column.Id) is { } path)
            {
                _byPath[path] = column;
            }
        }
    }

    public IEnumerable<Column> ChildrenOf(Guid? parentId) => Loaded(_byParent)[parentId];

    /// <summary>Every visible column below <paramref name="parentId"/>, depth first.</summary>
    public IEnumerable<Column> Descendants(Guid? parentId) => ChildrenOf(parentId).SelectMany(c => Descendants(c.Id).Prepend(c));

    public Column? Find(Guid id) => Loaded(_byId).GetValueOrDefault(id);

    /// <summary>The column at a path such as <c>zcwj/bjwj</c>.</summary>
    public Column? FindByPath(string path) => Loaded(_byPath).GetValueOrDefault(path.Trim('/'));

    /// <summary>The column and its ancestors, top first; empty when it (or an ancestor) is hidden.</summary>
    public IReadOnlyList<Column> Trail(Guid id)
    {
        var trail = new List<Column>();
        for (var column = Find(id); column is not null; column = column.ParentId is { } parent ? Find(parent) : null)
        {
            trail.Insert(0, column);
            if (column.ParentId is { } p && Find(p) is null)
            {
                return [];
            }
        }

        return trail;
    }

    /// <summary>Slug path of a visible column, e.g. <c>zcwj/bjwj</c>; null when hidden.</summary>
    public string? PathOf(Guid id)
    {
        var trail = Trail(id);
        return trail.Count == 0 ? null : string.Join('/', trail.Select(c => c.Slug));
    }

    private static T Loaded<T>(T? value)
        where T : class =>
        value ?? throw new InvalidOperationException("Call LoadAsync first.");
}
