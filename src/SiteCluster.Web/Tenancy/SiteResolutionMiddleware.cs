using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Tenancy;

/// <summary>
/// Runs before routing: finds the request's site by the path prefix <c>/s/{slug}/</c>
/// (which moves into <c>PathBase</c>), by Host, or by <c>{slug}.localhost</c>.
/// It never answers; <see cref="SiteGateMiddleware"/> decides after routing.
/// </summary>
internal sealed class SiteResolutionMiddleware(RequestDelegate next, ISiteRegistry registry, IOptions<SiteClusterOptions> options)
{
    private const string Prefix = "/s/";
    private readonly TenancyOptions _options = options.Value.Tenancy;

    public Task InvokeAsync(HttpContext context)
    {
        context.Features.Set(Resolve(context));
        return next(context);
    }

    private SiteResolution Resolve(HttpContext context)
    {
        var snapshot = registry.Current;
        var request = context.Request;

        if (_options.PathPrefix && request.Path.StartsWithSegments("/s", StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value is { Length: > 1 } value)
        {
            var end = value.IndexOf('/', 1);
            var slug = end < 0 ? value[1..] : value[1..end];
            var site = snapshot.FindBySlug(slug);
            if (site is null)
            {
                return new SiteResolution(null, SiteResolutionKind.PathPrefix);
            }

            request.PathBase = request.PathBase.Add(new PathString(Prefix + site.Slug));
            request.Path = end < 0 ? new PathString("/") : new PathString(value[end..]);
            return new SiteResolution(site, SiteResolutionKind.PathPrefix);
        }

        var host = request.Host.Host;
        if (snapshot.FindByHost(host) is { } byHost)
        {
            return new SiteResolution(byHost, SiteResolutionKind.Host);
        }

        if (_options.LocalhostSubdomains && host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            && snapshot.FindBySlug(host[..^".localhost".Length]) is { } bySubdomain)
        {
            return new SiteResolution(bySubdomain, SiteResolutionKind.LocalhostSubdomain);
        }

        return new SiteResolution(null, SiteResolutionKind.None);
    }
}
