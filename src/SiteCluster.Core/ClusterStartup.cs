using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core;

public static class ClusterStartup
{
    /// <summary>
    /// Before serving: migrate (when configured), apply the demo recipe to an empty database
    /// (when configured), and load the site registry.
    /// </summary>
    public static async Task InitializeSiteClusterAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<SiteClusterOptions>>().Value;
        await using (var scope = services.CreateAsyncScope())
        {
            var provider = scope.ServiceProvider;
            var initializer = provider.GetRequiredService<DatabaseInitializer>();
            if (options.Database.MigrateOnStart)
            {
                await initializer.MigrateAsync(cancellationToken);
            }
            else
            {
                await initializer.EnsureRowSecurityHoldsAsync(cancellationToken);
            }

            var db = provider.GetRequiredService<SiteClusterDbContext>();
            if (options.Demo.ApplyOnEmptyDatabase && !await db.Sites.AnyAsync(cancellationToken))
            {
                var recipe = provider.GetRequiredService<SiteClusterPaths>().ResolveRecipe(options.Demo.Recipe);
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterStartup))
                    .LogInformation("The database holds no site: applying {Recipe}", recipe);
                await provider.GetRequiredService<RecipeExecutor>().ApplyFileAsync(recipe, cancellationToken);
            }
        }

        await services.GetRequiredService<ISiteRegistry>().ReloadAsync(cancellationToken);
    }
}
