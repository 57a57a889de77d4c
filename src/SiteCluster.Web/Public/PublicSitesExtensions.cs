using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Localization;

namespace SiteCluster.Web.Public;

public static class PublicSitesExtensions
{
    /// <summary>Public rendering: MVC views from the themes, zh-CN resources, status pages.</summary>
    public static IServiceCollection AddPublicSites(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, CachingStringLocalizerFactory>());

        // Chinese text is written as itself, not as &#x...; entities: readable and smaller.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddControllersWithViews();
        services.AddScoped<SiteChrome>();
        services.AddScoped<StatusPageRenderer>();
        services.AddSingleton<PublicViews>();
        services.AddUtf8Pages();
        services.AddItemEndpoint();
        services.AddScoped<SiteColumns>();
        services.AddScoped<ItemPages>();
        services.AddHttpContextAccessor();
        // Chinese first: every page is zh-CN unless the user chose English (the admin's language
        // switch sets the culture cookie). The browser's Accept-Language is not consulted.
        services.Configure<RequestLocalizationOptions>(options =>
        {
            CultureInfo[] cultures = [new("zh-CN"), new("en")];
            options.DefaultRequestCulture = new RequestCulture(cultures[0]);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>
    /// Chinese error pages, on public sites and in the admin alike: the database or file storage
    /// out of reach renders the theme's 503 page (try again later), any other unhandled error its
    /// 500 page. Neither shows anything of the exception.
    /// </summary>
    public static IApplicationBuilder UsePublicErrorPages(this IApplicationBuilder app) =>
        app.UseExceptionHandler(errorApp => errorApp.Run(context =>
        {
            var site = context.RequestServices.GetRequiredService<TenantContext>().Site;
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var page = IsServiceUnreachable(error) ? StatusPage.Unavailable : StatusPage.Error;
            return context.RequestServices.GetRequiredService<StatusPageRenderer>().RenderAsync(context, page, site);
        }));

    /// <summary>Whether an error (or what caused it) is a service out of reach rather than a fault of the request or the code.</summary>
    public static bool IsServiceUnreachable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or SocketException or TimeoutException or MediaStoreUnavailableException)
            {
                return true;
            }
        }

        return false;
    }

    public static IEndpointRouteBuilder MapPublicSites(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapControllers();
        endpoints.MapItemPages();
        // Any other path, including ones that look like files (*.html): a column, an item, or the site's own 404 page.
        endpoints.MapFallbackToController("{*path}", nameof(PublicController.Resolve), "Public");
        return endpoints;
    }
}
