using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Data;

namespace SiteCluster.Web.Admin;

/// <summary>A column of the current site in tree order, with its depth and its path label (上级 › 下级).</summary>
public sealed record ColumnRow(Column Column, int Depth, string Label);

public static class AdminColumns
{
    /// <summary>The current site's columns, hidden ones included, parents before children, siblings in their order.</summary>
    public static async Task<IReadOnlyList<ColumnRow>> TreeAsync(SiteClusterDbContext db, CancellationToken cancellationToken)
    {
        var columns = await db.Columns.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var byParent = columns.ToLookup(c => c.ParentId);
        var rows = new List<ColumnRow>();
        void Walk(Guid? parent, int depth, string prefix)
        {
            foreach (var column in byParent[parent])
            {
                rows.Add(new ColumnRow(column, depth, prefix + column.Name));
                Walk(column.Id, depth + 1, prefix + column.Name + " › ");
            }
        }

        Walk(null, 0, string.Empty);
        return rows;
    }
}
