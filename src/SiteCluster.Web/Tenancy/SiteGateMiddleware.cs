using Microsoft.Extensions.Options;
using Serilog.Context;
using SiteCluster.Core;
using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Admin;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Tenancy;

/// <summary>
/// Runs after routing: cluster endpoints pass; otherwise an unknown site gets a 404 page
/// that names no other site, a disabled site a 503 page with its name, and a write to an
/// archived site a 403 page. Admin pages answer only on the admin host (or the provincial
/// portal when no admin host is set); elsewhere they redirect there. A served site becomes the scope's <see cref="TenantContext"/>
/// and every log event of the request carries its slug and the request id (the request's own
/// event gets them from the request logging).
/// </summary>
internal sealed class SiteGateMiddleware(RequestDelegate next, ISiteRegistry registry, IOptions<SiteClusterOptions> options)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        // Resolved only when a status page is answered: most requests pass.
        StatusPageRenderer StatusPages() => context.RequestServices.GetRequiredService<StatusPageRenderer>();

        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<ClusterEndpointAttribute>() is not null)
        {
            await next(context);
            return;
        }

        if (metadata?.GetMetadata<AdminEndpointAttribute>() is not null)
        {
            if (AdminLinks.IsAdminRequest(context, registry.Current, options.Value.Admin))
            {
                await next(context);
            }
            else
            {
                context.Response.Redirect(AdminLinks.AdminUrl(context, registry.Current, options.Value.Admin));
            }

            return;
        }

        var site = context.Features.Get<SiteResolution>()?.Site;
        if (site is null)
        {
            await StatusPages().RenderAsync(context, StatusPage.UnknownSite, null);
            return;
        }

        if (site.Status == SiteStatus.Disabled)
        {
            await StatusPages().RenderAsync(context, StatusPage.Disabled, site);
            return;
        }

        if (site.IsReadOnly && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await StatusPages().RenderAsync(context, StatusPage.ReadOnly, site);
            return;
        }

        tenant.SetSite(site);
        using (LogContext.PushProperty("Tenant", site.Slug))
        using (LogContext.PushProperty("RequestId", context.TraceIdentifier))
        {
            await next(context);
        }
    }
}
