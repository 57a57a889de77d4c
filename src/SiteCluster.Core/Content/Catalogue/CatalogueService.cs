using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Catalogue;

public enum CatalogueChangeKind
{
    Added,
    Renamed,
    Moved,
    MandatoryWidened,
    Changed,
    Removed,
    Restored,
}

/// <summary>One difference between the installed catalogue and a new version, with its effect on sites.</summary>
/// <param name="Kind">What kind of change.</param>
/// <param name="Code">The node's code.</param>
/// <param name="Name">The node's (new) name.</param>
/// <param name="Detail">What changes, in words.</param>
/// <param name="ColumnsAffected">Columns created, renamed, moved or flagged across all sites.</param>
/// <param name="From">The old name (Renamed) or old parent code (Moved; null at the top).</param>
/// <param name="To">The new parent code (Moved; null at the top).</param>
/// <param name="Levels">The levels it becomes mandatory for (Added, MandatoryWidened).</param>
public sealed record CatalogueChange(
    CatalogueChangeKind Kind, string Code, string Name, string Detail, int ColumnsAffected, string? From = null, string? To = null, IReadOnlyList<SiteLevel>? Levels = null);

/// <summary>What installing or syncing changed.</summary>
public sealed record CatalogueSyncResult(int NodesCreated, int NodesUpdated, int NodesUnchanged, int ColumnsCreated, int ColumnsUpdated);

/// <summary>
/// Installs catalogue versions and keeps every site's catalogue columns in step with them:
/// new mandatory nodes become columns, renamed nodes rename columns, a removed node's
/// column is kept and flagged, never deleted. Works across sites: callers hold a cluster scope.
/// </summary>
public sealed class CatalogueService(SiteClusterDbContext db, TimeProvider time)
{
    /// <summary>What installing <paramref name="definition"/> would change, without changing anything.</summary>
    public async Task<IReadOnlyList<CatalogueChange>> DiffAsync(CatalogueDefinition definition, CancellationToken cancellationToken = default)
    {
        var installed = await db.CatalogueNodes.AsNoTracking().ToDictionaryAsync(n => n.Code, StringComparer.Ordinal, cancellationToken);
        var sites = await db.Sites.AsNoTracking().Select(s => new { s.Id, s.Level }).ToListAsync(cancellationToken);
        var columns = await db.Columns.AsNoTracking().Where(c => c.CatalogueCode != null)
            .Select(c => new { c.TenantId, c.CatalogueCode }).ToListAsync(cancellationToken);
        var columnCount = columns.GroupBy(c => c.CatalogueCode!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var having = columns.Select(c => (c.TenantId, c.CatalogueCode!)).ToHashSet();
        int Missing(string code, IEnumerable<SiteLevel> levels) =>
            sites.Count(s => levels.Contains(s.Level) && !having.Contains((s.Id, code)));

        var changes = new List<CatalogueChange>();
        var incoming = definition.Flatten();
        foreach (var (node, parent, _, sortOrder) in incoming)
        {
            var code = node.Code!;
            var levels = node.MandatoryFor ?? [];
            if (!installed.TryGetValue(code, out var current))
            {
                changes.Add(new CatalogueChange(CatalogueChangeKind.Added, code, node.Name!,
                    levels.Count == 0 ? "optional" : $"mandatory for {string.Join(", ", levels)}", Missing(code, levels), Levels: levels));
                continue;
            }

            var existing = columnCount.GetValueOrDefault(code);
            if (current.IsRemoved)
            {
                changes.Add(new CatalogueChange(CatalogueChangeKind.Restored, code, node.Name!, "back in the catalogue", existing));
            }

            if (current.Name != node.Name)
            {
                changes.Add(new CatalogueChange(CatalogueChangeKind.Renamed, code, node.Name!, $"was {current.Name}", existing, From: current.Name));
            }

            if (current.ParentCode != parent)
            {
                changes.Add(new CatalogueChange(CatalogueChangeKind.Moved, code, node.Name!, $"parent {current.ParentCode ?? "(top)"} → {parent ?? "(top)"}", existing, From: current.ParentCode, To: parent));
            }

            var widened = levels.Except(current.MandatoryFor).ToList();
            if (widened.Count > 0)
            {
                changes.Add(new CatalogueChange(CatalogueChangeKind.MandatoryWidened, code, node.Name!,
                    $"now mandatory for {string.Join(", ", widened)}", Missing(code, widened), Levels: widened));
            }

            if (current.Slug != node.Slug || current.UpdateClass != (node.UpdateClass ?? UpdateClass.None)
                || !current.ContentTypes.SequenceEqual(node.ContentTypes ?? []) || current.SortOrder != sortOrder
                || current.MandatoryFor.Except(levels).Any())
            {
                changes.Add(new CatalogueChange(CatalogueChangeKind.Changed, code, node.Name!, "slug, content types, update class, order or levels", 0));
            }
        }

        var incomingCodes = incoming.Select(n => n.Node.Code!).ToHashSet(StringComparer.Ordinal);
        foreach (var node in installed.Values.Where(n => !n.IsRemoved && !incomingCodes.Contains(n.Code)))
        {
            changes.Add(new CatalogueChange(CatalogueChangeKind.Removed, node.Code, node.Name,
                "columns are kept and flagged, with their content", columnCount.GetValueOrDefault(node.Code)));
        }

        return changes;
    }

    /// <summary>Installs a catalogue version and brings every site's columns in line with it.</summary>
    public async Task<CatalogueSyncResult> InstallAsync(CatalogueDefinition definition, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var installed = await db.CatalogueNodes.ToDictionaryAsync(n => n.Code, StringComparer.Ordinal, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, parent, _, sortOrder) in definition.Flatten())
        {
            var code = node.Code!;
            seen.Add(code);
            if (!installed.TryGetValue(code, out var current))
            {
                current = new CatalogueNode { Id = Guid.CreateVersion7(), Code = code, Name = node.Name!, Slug = node.Slug!, Version = definition.Version! };
                db.CatalogueNodes.Add(current);
                installed[code] = current;
                created++;
            }

            var before = Describe(current);
            current.Name = node.Name!.Trim();
            current.Slug = node.Slug!;
            current.ParentCode = parent;
            current.ContentTypes = node.ContentTypes ?? [];
            current.UpdateClass = node.UpdateClass ?? UpdateClass.None;
            current.MandatoryFor = [.. (node.MandatoryFor ?? []).Distinct().Order()];
            current.SortOrder = sortOrder;
            current.IsRemoved = false;
            if (db.Entry(current).State != EntityState.Added)
            {
                if (before != Describe(current))
                {
                    current.Version = definition.Version!;
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
        }

        foreach (var node in installed.Values.Where(n => !n.IsRemoved && !seen.Contains(n.Code)))
        {
            node.IsRemoved = true;
            node.Version = definition.Version!;
            updated++;
        }

        if (created + updated > 0 && !await db.CatalogueVersions.AnyAsync(v => v.Version == definition.Version, cancellationToken))
        {
            db.CatalogueVersions.Add(new CatalogueVersion { Id = Guid.CreateVersion7(), Version = definition.Version!, Title = definition.Title, InstalledAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        var (columnsCreated, columnsUpdated) = await SyncColumnsAsync(null, [], cancellationToken);
        return new CatalogueSyncResult(created, updated, unchanged, columnsCreated, columnsUpdated);
    }

    /// <summary>
    /// Gives sites their catalogue columns: every node mandatory for the site's level, plus the
    /// <paramref name="include"/>d optional ones (and their parents); renames, moves and flags
    /// existing catalogue columns to match the catalogue. <paramref name="siteIds"/> null means every site.
    /// </summary>
    public async Task<(int Created, int Updated)> SyncColumnsAsync(IReadOnlyCollection<Guid>? siteIds, IReadOnlyCollection<string> include, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var nodes = await db.CatalogueNodes.AsNoTracking().ToListAsync(cancellationToken);
        var byCode = nodes.ToDictionary(n => n.Code, StringComparer.Ordinal);
        var ordered = nodes.OrderBy(n => Depth(n, byCode)).ThenBy(n => n.SortOrder).ToList();
        var wantedOptional = include.SelectMany(code => AncestorsAndSelf(code, byCode)).ToHashSet(StringComparer.Ordinal);

        var sitesQuery = db.Sites.AsNoTracking();
        if (siteIds is not null)
        {
            sitesQuery = sitesQuery.Where(s => siteIds.Contains(s.Id));
        }

        var sites = await sitesQuery.Select(s => new { s.Id, s.Level }).ToListAsync(cancellationToken);
        var ids = sites.Select(s => s.Id).ToList();
        var columns = (await db.Columns.Where(c => ids.Contains(c.TenantId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.TenantId);

        int created = 0, updated = 0;
        foreach (var site in sites)
        {
            var siteColumns = columns[site.Id].Where(c => c.CatalogueCode is not null).ToDictionary(c => c.CatalogueCode!, StringComparer.Ordinal);
            foreach (var node in ordered)
            {
                siteColumns.TryGetValue(node.Code, out var column);
                if (node.IsRemoved)
                {
                    if (column is { CatalogueRemoved: false })
                    {
                        column.CatalogueRemoved = true;
                        column.UpdatedAt = now;
                        updated++;
                    }

                    continue;
                }

                var parentId = node.ParentCode is null ? (Guid?)null : siteColumns.GetValueOrDefault(node.ParentCode)?.Id;
                if (column is null)
                {
                    var wanted = node.MandatoryFor.Contains(site.Level) || wantedOptional.Contains(node.Code);
                    if (!wanted || (node.ParentCode is not null && parentId is null))
                    {
                        continue;
                    }

                    column = new Column
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = site.Id,
                        ParentId = parentId,
                        CatalogueCode = node.Code,
                        Name = node.Name,
                        Slug = node.Slug,
                        SortOrder = node.SortOrder,
                        CreatedAt = now,
                        UpdatedAt = now,
                    };
                    db.Columns.Add(column);
                    siteColumns[node.Code] = column;
                    created++;
                    continue;
                }

                var before = (column.Name, column.Slug, column.ParentId, column.SortOrder, column.CatalogueRemoved);
                column.Name = node.Name;
                column.Slug = node.Slug;
                column.SortOrder = node.SortOrder;
                column.CatalogueRemoved = false;
                if (node.ParentCode is null || parentId is not null)
                {
                    column.ParentId = parentId;
                }

                if (before != (column.Name, column.Slug, column.ParentId, column.SortOrder, column.CatalogueRemoved))
                {
                    column.UpdatedAt = now;
                    updated++;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (created, updated);
    }

    private static string Describe(CatalogueNode n) =>
        $"{n.Name}|{n.Slug}|{n.ParentCode}|{string.Join(',', n.ContentTypes)}|{n.UpdateClass}|{string.Join(',', n.MandatoryFor)}|{n.SortOrder}|{n.IsRemoved}";

    private static int Depth(CatalogueNode node, Dictionary<string, CatalogueNode> byCode)
    {
        var depth = 0;
        for (var code = node.ParentCode; code is not null && byCode.TryGetValue(code, out var parent); code = parent.ParentCode)
        {
            depth++;
        }

        return depth;
    }

    private static IEnumerable<string> AncestorsAndSelf(string code, Dictionary<string, CatalogueNode> byCode)
    {
        for (var current = code; current is not null && byCode.TryGetValue(current, out var node); current = node.ParentCode)
        {
            yield return current;
        }
    }
}
