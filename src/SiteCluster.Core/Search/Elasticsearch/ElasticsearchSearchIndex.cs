namespace SiteCluster.Core.Search.Elasticsearch;

/// <summary>The search index in Elasticsearch, over its REST API (no .NET client is served here).</summary>
public sealed class ElasticsearchSearchIndex(HttpClient http, ElasticsearchOptions options) : ISearchIndex
{
    public Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) => throw new NotImplementedException(http.BaseAddress + options.Index);

    public Task DeleteItemAsync(Guid itemId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task ClearAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task RefreshAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<string>> KeysAsync(Guid siteId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
