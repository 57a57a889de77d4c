using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SiteCluster.Core.Identity;

namespace SiteCluster.Web.Admin;

public static class AdminExtensions
{
    /// <summary>
    /// The admin: Razor Pages under <c>/admin</c> (server-rendered, no JavaScript needed),
    /// signed in with ASP.NET Core Identity cookies; every page needs a signed-in user except
    /// the login page, and every page passes <see cref="AdminSiteFilter"/>.
    /// </summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        new IdentityBuilder(typeof(SiteUser), services).AddSignInManager();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "sitecluster.admin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/admin/login";
            cookie.LogoutPath = "/admin/logout";
            cookie.AccessDeniedPath = "/admin/login";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddScoped<AdminContext>();
        services.AddScoped<AdminSiteFilter>();
        services.AddScoped<AdminRecipes>();
        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Admin/Pages";
            pages.Conventions.AuthorizeFolder("/");
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/LoginTwoFactor");
            pages.Conventions.AllowAnonymousToPage("/Language");
            pages.Conventions.AddFolderApplicationModelConvention("/", model =>
            {
                model.EndpointMetadata.Add(new AdminEndpointAttribute());
                model.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(AdminSiteFilter)));
            });
        });
        return services;
    }

    /// <summary>
    /// Authentication, for requests that carry cookies. Every scheme is one of Identity's cookies
    /// (checked here at start), so a request without any (a reader of a public page, a crawler, a
    /// probe) has nothing to authenticate: it stays anonymous, as the handlers would leave it,
    /// without their work on every public page (<c>docs/decisions.md</c>).
    /// </summary>
    public static IApplicationBuilder UseCookieAuthentication(this IApplicationBuilder app)
    {
        var schemes = app.ApplicationServices.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync().GetAwaiter().GetResult();
        if (schemes.FirstOrDefault(s => !typeof(CookieAuthenticationHandler).IsAssignableFrom(s.HandlerType)) is { } other)
        {
            throw new InvalidOperationException($"Authentication scheme '{other.Name}' is not a cookie: requests without cookies can no longer skip authentication.");
        }

        // WebApplication adds UseAuthentication at the very start of the pipeline unless the app's
        // own builder is marked as having it; the branch's mark does not reach the app's builder.
        // The key is the one UseAuthentication writes (ASP.NET Core's own tests opt out with it).
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        return app.UseWhen(context => context.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Cookie), branch => branch.UseAuthentication());
    }

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }
}
