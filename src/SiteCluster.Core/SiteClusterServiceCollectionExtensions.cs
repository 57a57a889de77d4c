using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Cluster;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Columns;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Crawling;
using SiteCluster.Core.Data;
using SiteCluster.Core.Health;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Media;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Recipes.Steps;
using SiteCluster.Core.Search;
using SiteCluster.Core.SiteMigration;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core;

public static class SiteClusterServiceCollectionExtensions
{
    /// <summary>
    /// Everything the host and the CLI share: settings, paths, data, tenancy, identity
    /// stores, recipes and health checks.
    /// </summary>
    public static IServiceCollection AddSiteClusterCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<SiteClusterOptions>()
            .Bind(configuration.GetSection(SiteClusterOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(SiteClusterOptions.SectionName).Get<SiteClusterOptions>() ?? new SiteClusterOptions();
        var paths = new SiteClusterPaths(Options.Create(options), contentRoot);
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);

        services.AddSiteClusterData(options.Database, paths);
        services.AddSearch(options.Search, paths);
        services.AddSingleton<ISiteRegistry, SiteRegistry>();
        services.AddSiteClusterIdentityStores();
        services.AddRecipes();
        services.AddSiteMigration();
        services.AddSiteClusterHealth(options);
        services.AddCluster(options, paths);
        return services;
    }

    private static IServiceCollection AddSiteClusterIdentityStores(this IServiceCollection services)
    {
        services.AddIdentityCore<SiteUser>(identity =>
            {
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.User.RequireUniqueEmail = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<SiteClusterDbContext>()
            .AddTokenProvider<AuthenticatorTokenProvider<SiteUser>>(TokenOptions.DefaultAuthenticatorProvider);
        return services;
    }

    private static IServiceCollection AddRecipes(this IServiceCollection services)
    {
        services.AddScoped<RecipeExecutor>();
        services.AddRecipeStep<SitesStep>();
        services.AddRecipeStep<UsersStep>();
        services.AddScoped<CatalogueService>();
        services.AddSingleton<RichTextSanitizer>();
        services.AddScoped<IndexNumberGenerator>();
        services.AddScoped<AuditLog>();
        services.AddScoped<MediaService>();
        services.AddRecipeStep<CatalogueStep>();
        services.AddRecipeStep<ColumnsStep>();
        services.AddContent();
        return services;
    }

    private static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddScoped<ContentTypeStore>();
        services.AddSingleton<ContentChecker>();
        services.AddScoped<ContentService>();
        services.AddScoped<RepostService>();
        services.AddScoped<RepostSubscriptions>();
        services.AddScoped<Monitoring.MonitoringService>();
        services.AddRecipeStep<Monitoring.MonitoringStep>();
        services.AddScoped<SpotChecks>();
        services.AddAvailabilityProbes();
        services.AddCrawling();
        services.AddScoped<LinkChecker>();
        services.AddScoped<SiteAccess>();
        services.AddScoped<SiteMembers>();
        services.AddScoped<ContentActors>();
        services.AddSingleton<ContentScheduler>();
        services.AddRecipeStep<ContentTypesStep>();
        services.AddRecipeStep<ContentStep>();
        services.AddScoped<Interaction.DisclosureApplications>();
        services.AddScoped<Interaction.PublicMessages>();
        services.AddScoped<Interaction.Consultations>();
        services.AddScoped<Interaction.AnnualReports>();
        services.AddRecipeStep<Interaction.InteractionStep>();
        services.AddRecipeStep<Calendar.CalendarStep>();
        return services;
    }

    /// <summary>Registers a recipe step handler; features add their steps with this.</summary>
    public static IServiceCollection AddRecipeStep<TStep>(this IServiceCollection services)
        where TStep : class, IRecipeStep =>
        services.AddScoped<IRecipeStep, TStep>();
}
