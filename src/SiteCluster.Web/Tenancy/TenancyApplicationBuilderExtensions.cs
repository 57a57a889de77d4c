namespace SiteCluster.Web.Tenancy;

public static class TenancyApplicationBuilderExtensions
{
    /// <summary>Before routing: find the request's site (and strip a <c>/s/{slug}</c> prefix).</summary>
    public static IApplicationBuilder UseSiteResolution(this IApplicationBuilder app) =>
        app.UseMiddleware<SiteResolutionMiddleware>();

    /// <summary>After routing: refuse unknown, disabled and read-only cases; set the tenant.</summary>
    public static IApplicationBuilder UseSiteGate(this IApplicationBuilder app) =>
        app.UseMiddleware<SiteGateMiddleware>();
}
