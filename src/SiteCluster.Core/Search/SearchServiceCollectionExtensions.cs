using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Search.Elasticsearch;
using SiteCluster.Core.Search.Lucene;

namespace SiteCluster.Core.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// The search index chosen by <c>SiteCluster:Search:Provider</c> (Lucene in the data folder,
    /// or Elasticsearch, which must then have a URL: a missing one fails at start), the outbox
    /// that feeds it and the indexer.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, SearchOptions options, SiteClusterPaths paths)
    {
        services.AddSingleton<SearchOutboxSignal>();
        services.AddSingleton<SearchIndexingLock>();
        services.AddSingleton<SearchOutboxInterceptor>();
        services.AddScoped<SearchIndexer>();
        switch (options.Provider)
        {
            case SearchProvider.Lucene:
                // Opened on first use, so a command that never searches leaves the host's index alone.
                services.AddSingleton<ISearchIndex>(_ => new LuceneSearchIndex(Path.Combine(paths.DataDirectory, "search")));
                break;
            case SearchProvider.Elasticsearch:
                if (!Uri.TryCreate(options.Elasticsearch.Url, UriKind.Absolute, out var url))
                {
                    throw new InvalidOperationException(
                        "SiteCluster:Search:Elasticsearch:Url must be an absolute URL when SiteCluster:Search:Provider is Elasticsearch.");
                }

                services.AddHttpClient<ElasticsearchSearchIndex>(http => http.BaseAddress = url);
                services.AddSingleton(options.Elasticsearch);
                services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<ElasticsearchSearchIndex>());
                break;
            default:
                throw new InvalidOperationException($"Unknown search provider '{options.Provider}'.");
        }

        return services;
    }
}
