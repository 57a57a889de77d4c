using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
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
        services.AddSingleton<PublicChangeInterceptor>();
        services.AddSingleton<PublicReadCaches>();

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = string.IsNullOrWhiteSpace(database.ConnectionString)
                    ? $"Data Source={Path.Combine(paths.DataDirectory, "sitecluster.db")}"
                    : database.ConnectionString;
                services.AddPooledDbContextFactory<SqliteSiteClusterDbContext>((sp, options) => options
                    .UseSqlite(sqlite)
                    .AddInterceptors(sp.GetRequiredService<PublicChangeInterceptor>(), sp.GetRequiredService<SearchOutboxInterceptor>()));
                services.AddScoped(Lease<SqliteSiteClusterDbContext>);
                services.AddSingleton<IItemReader, SqliteItemReader>();
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(database.ConnectionString))
                {
                    throw new InvalidOperationException(
                        "SiteCluster:Database:ConnectionString is required when SiteCluster:Database:Provider is PostgreSql.");
                }

                services.AddSingleton<TenantSessionInterceptor>();
                services.AddPooledDbContextFactory<PostgreSqlSiteClusterDbContext>((sp, options) => options
                    .UseNpgsql(database.ConnectionString)
                    .AddInterceptors(sp.GetRequiredService<TenantSessionInterceptor>(), sp.GetRequiredService<PublicChangeInterceptor>(), sp.GetRequiredService<SearchOutboxInterceptor>()));
                services.AddScoped(Lease<PostgreSqlSiteClusterDbContext>);
                services.AddSingleton<IItemReader, EfItemReader>();
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{database.Provider}'.");
        }

        return services;
    }

    /// <summary>
    /// A scope's context: leased from the pool (its model, services and options are built once
    /// per process, not per request), bound to the scope's site, actor and clock, and given back
    /// when the scope ends. It is registered once, as <see cref="SiteClusterDbContext"/>: a
    /// second registration returning the same instance would have the scope dispose it twice,
    /// and a context given back twice can be handed to two scopes at once.
    /// </summary>
    private static SiteClusterDbContext Lease<TContext>(IServiceProvider services)
        where TContext : SiteClusterDbContext
    {
        var context = services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
        context.Bind(services.GetRequiredService<TenantContext>(), services.GetRequiredService<AuditContext>(), services.GetRequiredService<TimeProvider>());
        return context;
    }
}
