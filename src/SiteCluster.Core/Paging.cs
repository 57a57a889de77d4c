using Microsoft.EntityFrameworkCore;

namespace SiteCluster.Core;

/// <summary>One page of a list: its entries, which page it is, how many pages and entries there are.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Entries, int Number, int Count, int Total);

public static class Paging
{
    /// <summary>
    /// Counts <paramref name="ordered"/>, brings <paramref name="page"/> within its pages (a page
    /// before the first gives the first, one past the last the last; an empty list has one page)
    /// and reads that page.
    /// </summary>
    public static async Task<PageOf<T>> PageAsync<T>(this IQueryable<T> ordered, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var count = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, count);
        return new PageOf<T>(await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken), page, count, total);
    }
}
