using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Public;

/// <summary>
/// The current site's visible columns with their URL paths (<c>/zcwj/bjwj/</c>), read and
/// indexed once and kept in memory until a change to the site's columns is committed.
/// </summary>
public sealed class SiteColumns(SiteClusterDbContext db, TenantContext tenant, PublicReadCaches caches)
{
    private Index? _index;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_index is not null)
        {
            return;
        }

        var site = tenant.Site ?? throw new InvalidOperationException("Columns are read for a site.");
        _index = (Index)await caches.Columns.GetAsync(site.Id, async () => new Index(
            await db.Columns.AsNoTracking().Where(c => !c.IsHidden).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken)));
    }

    public IEnumerable<Column> ChildrenOf(Guid? parentId) => Loaded.ByParent[parentId];

    /// <summary>Every visible column below <paramref name="parentId"/>, depth first.</summary>
    public IEnumerable<Column> Descendants(Guid? parentId) => ChildrenOf(parentId).SelectMany(c => Descendants(c.Id).Prepend(c));

    public Column? Find(Guid id) => Loaded.ById.GetValueOrDefault(id);

    /// <summary>The column at a path such as <c>zcwj/bjwj</c>.</summary>
    public Column? FindByPath(string path) => Loaded.ByPath.GetValueOrDefault(path.Trim('/'));

    /// <summary>The column and its ancestors, top first; empty when it (or an ancestor) is hidden.</summary>
    public IReadOnlyList<Column> Trail(Guid id) => Loaded.Trails.GetValueOrDefault(id) ?? [];

    /// <summary>Slug path of a visible column, e.g. <c>zcwj/bjwj</c>; null when hidden.</summary>
    public string? PathOf(Guid id) => Loaded.Paths.GetValueOrDefault(id);

    private Index Loaded => _index ?? throw new InvalidOperationException("Call LoadAsync first.");

    /// <summary>
    /// One site's visible columns, indexed by id, parent and path, with each column's trail and
    /// path worked out once; shared by every request until the columns change (never modified).
    /// </summary>
    private sealed class Index
    {
        public Index(List<Column> columns)
        {
            ById = columns.ToDictionary(c => c.Id);
            ByParent = columns.ToLookup(c => c.ParentId);
            foreach (var column in columns)
            {
                if (BuildTrail(column) is { Count: > 0 } trail)
                {
                    var path = string.Join('/', trail.Select(c => c.Slug));
                    Trails[column.Id] = trail;
                    Paths[column.Id] = path;
                    ByPath[path] = column;
                }
            }
        }

        public Dictionary<Guid, Column> ById { get; }

        public ILookup<Guid?, Column> ByParent { get; }

        public Dictionary<string, Column> ByPath { get; } = new(StringComparer.Ordinal);

        public Dictionary<Guid, IReadOnlyList<Column>> Trails { get; } = [];

        public Dictionary<Guid, string> Paths { get; } = [];

        // Empty when an ancestor is hidden (not among the visible columns).
        private List<Column> BuildTrail(Column column)
        {
            var trail = new List<Column>();
            for (Column? current = column; current is not null; current = current.ParentId is { } parent ? ById.GetValueOrDefault(parent) : null)
            {
                trail.Insert(0, current);
                if (current.ParentId is { } p && !ById.ContainsKey(p))
                {
                    return [];
                }
            }

            return trail;
        }
    }
}
