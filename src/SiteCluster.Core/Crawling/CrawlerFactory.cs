using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SiteCluster.Core.Crawling;

/// <summary>Makes a <see cref="Crawler"/> for a live site or for a saved mirror, with the configured <see cref="CrawlingOptions"/>.</summary>
public sealed class CrawlerFactory(IHttpClientFactory clients, IOptions<SiteClusterOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    public const string HttpClientName = "crawler";

    /// <summary>A crawler of the site at <paramref name="start"/> over HTTP.</summary>
    public Crawler ForSite(Uri start) => Create(new HttpResourceSource(clients.CreateClient(HttpClientName), options.Value.Crawling, time, loggers.CreateLogger<HttpResourceSource>()), start);

    /// <summary>A crawler of a mirror saved in <paramref name="folder"/>, whose addresses are read as on <paramref name="siteRoot"/>.</summary>
    public Crawler ForFolder(string folder, Uri siteRoot) => Create(new FolderResourceSource(folder), siteRoot);

    /// <summary>A crawler reading from any <paramref name="source"/> (tests, tools).</summary>
    public Crawler Create(IResourceSource source, Uri start) => new(source, start, options.Value.Crawling, time, loggers.CreateLogger<Crawler>());
}

public static class CrawlingServiceCollectionExtensions
{
    /// <summary>The crawler: an HTTP client that follows no redirect by itself (the crawler keeps to one host) and decompresses. Features that crawl call it; once is enough.</summary>
    public static IServiceCollection AddCrawling(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(CrawlerFactory)))
        {
            return services;
        }

        services.AddHttpClient(CrawlerFactory.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<CrawlerFactory>();
        return services;
    }
}
