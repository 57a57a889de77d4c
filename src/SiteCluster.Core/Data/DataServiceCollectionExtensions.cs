using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Search;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the database for the configured provider and <see cref="SiteClusterDbContext"/>.</summary>
    public static IServiceCollection AddSiteClusterData(this IServiceCollection services, DatabaseOptions database, SiteClusterPaths paths)
    {
        services.AddScoped<TenantContext>();
        services.AddScoped<AuditContext>();
        services.AddScoped<IClusterScope, ClusterScope>();
        services.AddScoped<DatabaseInitializer>();
        services.TryAddSingleton<IPublicChangeListener, NoPublicChangeListener>();
        services.AddScoped<PublicChangeInterceptor>();
        services.AddSingleton<PublicReadCaches>();

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = string.IsNullOrWhiteSpace(database.ConnectionString)
                    ? $"Data Source={Path.Combine(paths.DataDirectory, "sitecluster.db")}"
                    : database.ConnectionString;
                services.AddDbContext<SqliteSiteClusterDbContext>((sp, options) => options
                    .UseSqlite(sqlite)
                    .AddInterceptors(sp.GetRequiredService<PublicChangeInterceptor>(), sp.GetRequiredService<SearchOutboxInterceptor>()));
                services.AddScoped<SiteClusterDbContext>(sp => sp.GetRequiredService<SqliteSiteClusterDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(database.ConnectionString))
                {
                    throw new InvalidOperationException(
                        "SiteCluster:Database:ConnectionString is required when SiteCluster:Database:Provider is PostgreSql.");
                }

                services.AddScoped<TenantSessionInterceptor>();
                services.AddDbContext<PostgreSqlSiteClusterDbContext>((sp, options) => options
                    .UseNpgsql(database.ConnectionString)
                    .AddInterceptors(sp.GetRequiredService<TenantSessionInterceptor>(), sp.GetRequiredService<PublicChangeInterceptor>(), sp.GetRequiredService<SearchOutboxInterceptor>()));
                services.AddScoped<SiteClusterDbContext>(sp => sp.GetRequiredService<PostgreSqlSiteClusterDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{database.Provider}'.");
        }

        return services;
    }
}
