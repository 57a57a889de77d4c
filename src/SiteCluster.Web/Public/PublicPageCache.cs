using System.IO.Hashing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IO;
using Microsoft.Net.Http.Headers;
using SiteCluster.Core;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Public;

/// <summary>
/// Public pages are rendered once and served from the output cache until something the public
/// sees changes: every page is tagged <c>public</c> and <c>site:{id}</c>, item pages also
/// <c>item:{id}</c>, column lists <c>column:{id}</c>, the directory <c>directory</c>; committed
/// changes (<see cref="PublicChange"/>) evict by those tags. Pages vary by host, path, query,
/// <c>Accept-Encoding</c> (they are cached compressed) and the reader's display and language
/// cookies. Only endpoints marked <see cref="CachedPublicPageAttribute"/> are stored. Signed-in
/// users (their cookie or an <c>Authorization</c> header), disabled and unknown sites, and
/// responses other than a 200 without cookies are never served from or stored in the cache.
/// </summary>
/// <remarks>
/// The cache runs before routing, so a cached page is answered without routing,
/// authentication, authorization, the rate limiter or the site gate (<c>docs/decisions.md</c>).
/// What those would check is checked here instead: the site's status from the site
/// registry, and the sign-in cookie. A page endpoint that needs authorization or a rate limit
/// must therefore not be marked (a test checks every marked endpoint).
/// </remarks>
public static class PublicPageCache
{
    public static string SiteTag(Guid siteId) => $"site:{siteId:N}";

    public static string ItemTag(Guid itemId) => $"item:{itemId:N}";

    public static string ColumnTag(Guid columnId) => $"column:{columnId:N}";

    public const string AllTag = "public";

    public const string DirectoryTag = "directory";

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options => options.AddBasePolicy(policy => policy.AddPolicy<PublicPagePolicy>()));
        services.AddSingleton<IPublicChangeListener, OutputCacheEvictor>();
        services.AddSingleton<RecyclableMemoryStreamManager>();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/rss+xml", "image/svg+xml"]);
        });
        return services;
    }

    /// <summary>The output cache, before routing: a cached page is answered here.</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app) => app.UseOutputCache();

    /// <summary>
    /// After routing and authorization: compression for everything but the admin (whose pages
    /// carry antiforgery tokens next to user input, the BREACH pattern), then ETags with 304s.
    /// The cache, further out, keeps each page as sent, compressed, one entry per
    /// <c>Accept-Encoding</c>, so a cached page is compressed once rather than on every request.
    /// </summary>
    public static IApplicationBuilder UsePublicPageEncoding(this IApplicationBuilder app)
    {
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/admin"), branch => branch.UseResponseCompression());
        app.UseMiddleware<ETagMiddleware>();
        return app;
    }

    /// <summary>
    /// Static files (theme and admin CSS). Pages link them with <c>asp-append-version</c>, so each
    /// address carries a hash of the file (<c>?v=…</c>): those are cached by browsers and proxies
    /// for a year, since a changed file gets a new address.
    /// </summary>
    public static IApplicationBuilder UseFingerprintedStaticFiles(this IApplicationBuilder app) =>
        // Only where files live (theme assets under /_content, the admin's under /admin): a page
        // address such as /zcwj/{id}.html is never looked up on disk first.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/_content") || context.Request.Path.StartsWithSegments("/admin"), files => files.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                if (file.Context.Request.Query.ContainsKey("v"))
                {
                    file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        }));

    /// <summary>Marks an endpoint's pages for the public page cache (<see cref="AddPublicPageCache"/>).</summary>
    public static TBuilder CachePublicPage<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new CachedPublicPageAttribute());

    /// <summary>
    /// Whether a response at this address may be buffered whole, for the cache and for its ETag:
    /// not the admin's pages, not files (<c>/media</c>), which are streamed with ranges of their own.
    /// </summary>
    private static bool IsBufferedPage(PathString path) =>
        !path.StartsWithSegments("/admin") && !path.StartsWithSegments("/media");

    /// <summary>Adds a tag to the page being rendered, if it is being cached.</summary>
    public static void Tag(HttpContext context, string tag) => context.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(tag);

    /// <summary>
    /// Runs for every request, before routing, after the default policy (GET and HEAD only, no
    /// <c>Authorization</c> header; 200 responses without cookies stored).
    /// </summary>
    private sealed class PublicPagePolicy(IOptions<SiteClusterOptions> options, IOptionsMonitor<CookieAuthenticationOptions> cookies) : IOutputCachePolicy
    {
        private readonly string _signInCookie = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? string.Empty;

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var seconds = options.Value.Public.CacheSeconds;
            var request = context.HttpContext.Request;
            if (seconds <= 0
                || context.HttpContext.Features.Get<SiteResolution>()?.Site is not { Status: not SiteStatus.Disabled } site
                || !IsBufferedPage(request.Path)
                || (_signInCookie.Length > 0 && request.Cookies.ContainsKey(_signInCookie)))
            {
                // A signed-in user may see more than the public does.
                context.EnableOutputCaching = false;
                return ValueTask.CompletedTask;
            }

            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds);
            context.Tags.Add(AllTag);
            context.Tags.Add(SiteTag(site.Id));
            var cookies = context.HttpContext.Request.Cookies;
            context.CacheVaryByRules.VaryByValues["display"] = cookies[DisplayModes.CookieName] ?? string.Empty;
            context.CacheVaryByRules.VaryByValues["culture"] = cookies[CookieRequestCultureProvider.DefaultCookieName] ?? string.Empty;
            context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        /// <summary>Stored only from a marked endpoint, for a reader not signed in (decided after the whole pipeline ran).</summary>
        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            if (http.GetEndpoint()?.Metadata.GetMetadata<CachedPublicPageAttribute>() is null
                || http.User.Identity?.IsAuthenticated == true)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class OutputCacheEvictor(IOutputCacheStore store, IServiceScopeFactory scopes, ILogger<OutputCacheEvictor> logger) : IPublicChangeListener
    {
        public async Task ChangedAsync(PublicChange change, CancellationToken cancellationToken)
        {
            List<Guid>? receivers = [];
            if (!change.Everywhere && change.Items.Count > 0)
            {
                try
                {
                    receivers = await ReceivingSitesAsync(change.Items);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    // Another node's change while this one cannot read the database: drop every page rather than keep a stale repost.
                    logger.LogWarning(ex, "The sites showing changed items could not be read; evicting every cached public page");
                    receivers = null;
                }
            }

            var tags = change.Everywhere || receivers is null
                ? [AllTag]
                : change.Sites.Concat(receivers).Distinct().Select(SiteTag)
                    .Concat(change.Items.Select(ItemTag)).Concat(change.Directory ? [DirectoryTag] : []).ToList();
            foreach (var tag in tags)
            {
                await store.EvictByTagAsync(tag, CancellationToken.None);
            }

            logger.LogDebug("Evicted cached public pages tagged {Tags}", tags);
        }

        /// <summary>The sites the changed items are reposted to: their lists and home pages show them too.</summary>
        private async Task<List<Guid>> ReceivingSitesAsync(IReadOnlySet<Guid> items)
        {
            await using var scope = scopes.CreateAsyncScope();
            using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("cache eviction of reposting sites");
            var ids = items.ToList();
            return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Reposts.AsNoTracking()
                .Where(r => ids.Contains(r.SourceItemId)).Select(r => r.TenantId).Distinct().ToListAsync();
        }
    }

    /// <summary>
    /// A strong ETag (a hash of the body) on every public HTML or XML page, and 304 to a
    /// request that already has it. Cached pages keep their ETag, and the output cache answers
    /// their 304s itself. The page is buffered in pooled memory and sent with its length; the
    /// hash (XxHash128) only has to tell versions of a page apart, not resist an attacker.
    /// A strong ETag names one representation, so a page sent compressed gets the coding after
    /// the hash (<c>"…-br"</c>, the choice the compression middleware makes from the same
    /// provider), and every such page says <c>Vary: Accept-Encoding</c>, the plain one too.
    /// </summary>
    private sealed class ETagMiddleware(RequestDelegate next, RecyclableMemoryStreamManager buffers, IResponseCompressionProvider compression)
    {
        public async Task InvokeAsync(HttpContext context, TenantContext tenant)
        {
            if (!HttpMethods.IsGet(context.Request.Method) || tenant.Site is null || !IsBufferedPage(context.Request.Path))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            await using var buffer = buffers.GetStream("public page");
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var type = context.Response.ContentType ?? string.Empty;
            if (context.Response.StatusCode == StatusCodes.Status200OK
                && (type.StartsWith("text/html", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal))
                && !context.Response.Headers.ContainsKey(HeaderNames.ETag))
            {
                var coding = compression.CheckRequestAcceptsCompression(context) && compression.ShouldCompressResponse(context)
                    ? compression.GetCompressionProvider(context)?.EncodingName
                    : null;
                var etag = ETagOf(buffer.GetReadOnlySequence(), coding);
                context.Response.Headers.ETag = etag;
                if (!context.Response.Headers.Vary.Any(v => v is not null && v.Contains(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase)))
                {
                    context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                }

                if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    context.Response.ContentLength = null;
                    return;
                }
            }

            if (buffer.Length > 0 && !context.Response.Headers.ContainsKey(HeaderNames.ContentEncoding))
            {
                context.Response.ContentLength = buffer.Length;
            }

            foreach (var segment in buffer.GetReadOnlySequence())
            {
                await original.WriteAsync(segment, context.RequestAborted);
            }
        }

        private static string ETagOf(System.Buffers.ReadOnlySequence<byte> body, string? coding)
        {
            var hash = new XxHash128();
            foreach (var segment in body)
            {
                hash.Append(segment.Span);
            }

            Span<byte> digest = stackalloc byte[16];
            hash.GetCurrentHash(digest);
            return coding is null ? $"\"{Convert.ToBase64String(digest)}\"" : $"\"{Convert.ToBase64String(digest)}-{coding}\"";
        }
    }
}

/// <summary>
/// Marks a public page endpoint whose 200 responses the public page cache keeps
/// (<see cref="PublicPageCache"/>). Such an endpoint must not need authorization or a rate limit:
/// cached pages are served before either runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
public sealed class CachedPublicPageAttribute : Attribute;
