using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Crawling;

namespace SiteCluster.Core.SiteMigration;

public static class SiteMigrationServiceCollectionExtensions
{
    /// <summary>Migrating old websites into sites of the cluster (<c>sitecluster migrate</c>); it reads them with the crawler (<see cref="CrawlingServiceCollectionExtensions.AddCrawling"/>).</summary>
    public static IServiceCollection AddSiteMigration(this IServiceCollection services)
    {
        services.AddCrawling();
        services.AddSingleton<SiteMigrationImporter>();
        return services;
    }
}
