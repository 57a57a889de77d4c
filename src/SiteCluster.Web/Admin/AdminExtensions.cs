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

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }
}
