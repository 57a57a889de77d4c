namespace SiteCluster.Core.Search;

/// <summary>
/// The cluster's one search index: an entry per site and item it shows, with a site field, so a
/// query searches one site or any set of sites. Implemented by Lucene.Net (embedded, default)
/// and Elasticsearch (over its REST API); both pass the same conformance tests.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Adds or replaces entries by their key.</summary>
    Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken);

    /// <summary>Removes every entry of <paramref name="itemId"/>, on every site that shows it.</summary>
    Task DeleteItemAsync(Guid itemId, CancellationToken cancellationToken);

    /// <summary>Removes every entry shown on <paramref name="siteId"/>.</summary>
    Task DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken);

    /// <summary>Removes every entry.</summary>
    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>Makes every change so far visible to searches.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>The keys of every entry shown on <paramref name="siteId"/> (for checks and tests).</summary>
    Task<IReadOnlyList<string>> KeysAsync(Guid siteId, CancellationToken cancellationToken);
}

/// <summary>Another process (a running host, say) writes the index.</summary>
public sealed class SearchIndexLockedException(string where, Exception inner)
    : InvalidOperationException($"The search index in {where} is open in another process (a running host?). Stop it, or rebuild from the host.", inner);
