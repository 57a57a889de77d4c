using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin;

/// <summary>
/// The one check every admin page passes: the signed-in user's access is read, and on
/// <c>/admin/{site}/…</c> pages the site must be one the user has a role on (otherwise 404,
/// so a county cannot even learn what another county has). That site then becomes the
/// scope's tenant; actions check their own role through the services.
/// </summary>
public sealed class AdminSiteFilter(
    SiteAccess access,
    ContentActors actors,
    TenantContext tenant,
    ISiteRegistry registry,
    AdminContext admin,
    AuditContext audit,
    IOptions<SiteClusterOptions> options) : IAsyncPageFilter
{
    /// <summary>The page where a user sets up two-factor sign-in.</summary>
    public const string TwoFactorSetupPage = "/Account/TwoFactor";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            admin.User = await access.ForUserAsync(userId, http.RequestAborted);

            // Every change made from the admin is recorded as this user's.
            if (admin.User is not null)
            {
                audit.Actor = $"user:{admin.User.UserName}";
            }

            // A ClusterAdmin without two-factor sign-in sets it up before anything else.
            if (admin.User is { IsClusterAdmin: true, TwoFactorEnabled: false }
                && options.Value.Admin.RequireTwoFactorForClusterAdmin
                && context.ActionDescriptor.ViewEnginePath is not (TwoFactorSetupPage or "/Logout"))
            {
                context.Result = new RedirectResult($"{http.Request.PathBase}/admin/account/two-factor?required=true");
                return;
            }
        }

        if (context.RouteData.Values.TryGetValue("site", out var slug) && slug is string siteSlug)
        {
            var site = registry.Current.FindBySlug(siteSlug);
            if (admin.User is null || site is null || admin.User.RolesOn(site, registry.Current).Count == 0)
            {
                context.Result = new NotFoundResult();
                return;
            }

            if (site.IsReadOnly && !HttpMethods.IsGet(http.Request.Method))
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            }

            tenant.SetSite(site);
            admin.Site = site;
            admin.Actor = actors.For(admin.User, site);
        }

        await next();
    }
}
