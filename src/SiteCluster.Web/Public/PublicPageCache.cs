using System.IO.Hashing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IO;
using Microsoft.Net.Http.Headers;
using SiteCluster.Core;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Web.Tenancy;

namespace SiteCluster.Web.Public;

/// <summary>
/// Public pages are rendered once and served from memory (<see cref="PublicPageStore"/>) until
/// something the public sees changes: every page is tagged <c>public</c> and <c>site:{id}</c>,
/// item pages also <c>item:{id}</c>, column lists <c>column:{id}</c>, the directory
/// <c>directory</c>; committed changes (<see cref="PublicChange"/>) evict by those tags. Pages
/// vary by scheme, host, path, query, <c>Accept-Encoding</c> (they are kept compressed) and the
/// reader's display and language cookies. Only endpoints marked
/// <see cref="CachedPublicPageAttribute"/> are stored. Signed-in users (their cookie or an
/// <c>Authorization</c> header), disabled and unknown sites, and responses other than a 200
/// without cookies are never served from or stored in the cache.
/// </summary>
/// <remarks>
/// The cache runs before routing, so a cached page is answered without routing,
/// authentication, authorization, the rate limiter or the site gate (<c>docs/decisions.md</c>).
/// What those would check is checked here instead: the site's status from the site
/// registry, and the sign-in cookie. A page endpoint that needs authorization or a rate limit
/// must therefore not be marked (a test checks every marked endpoint). The cache is our own
/// rather than ASP.NET Core's output cache, whose store hands every hit over serialized and
/// whose policies and lock cost a cached page about a fifth of its CPU.
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
        services.AddSingleton<PublicPageStore>();
        services.AddSingleton<IPublicChangeListener, PageEvictor>();
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

    /// <summary>The page cache, before routing: a cached page is answered here.</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app) => app.UseMiddleware<CacheMiddleware>();

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
    public static void Tag(HttpContext context, string tag) => context.Features.Get<PageCapture>()?.Tags.Add(tag);

    /// <summary>
    /// Answers a public page from <see cref="PublicPageStore"/>, or renders it through the rest
    /// of the pipeline and stores what was sent. Runs before routing, right after the site is
    /// resolved.
    /// </summary>
    /// <remarks>
    /// A page is looked for (GET and HEAD; HEAD gets the GET's headers) only with the cache on,
    /// on a site that is not disabled, outside the admin and files, for a reader without the
    /// sign-in cookie or an <c>Authorization</c> header. It varies by scheme, host, path, query,
    /// <c>Accept-Encoding</c> (pages are kept as sent, compressed) and the display and language
    /// cookies. It is stored after the whole pipeline ran, only for a GET answered 200 without
    /// <c>Set-Cookie</c> by an endpoint marked <see cref="CachedPublicPageAttribute"/>, for a
    /// reader not signed in, and only if nothing was evicted while it rendered
    /// (<see cref="PublicPageStore.Generation"/>). Requests for a page not yet stored wait for the
    /// first one's render rather than all render it at once.
    /// </remarks>
    private sealed class CacheMiddleware(RequestDelegate next, PublicPageStore store, IOptions<SiteClusterOptions> options, IOptionsMonitor<CookieAuthenticationOptions> cookies, RecyclableMemoryStreamManager buffers)
    {
        /// <summary>A page's body up to this size is kept; a larger one is sent but not stored.</summary>
        private const int MaximumBody = 8 * 1024 * 1024;

        private readonly bool _enabled = options.Value.Public.CacheSeconds > 0;
        private readonly string _signInCookie = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? string.Empty;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<CachedPublicPage?>> _rendering = new(StringComparer.Ordinal);

        public Task InvokeAsync(HttpContext context)
        {
            if (KeyOf(context) is not { } key)
            {
                return next(context);
            }

            if (store.TryGet(key, out var page))
            {
                return ServeAsync(context, page);
            }

            return HttpMethods.IsGet(context.Request.Method) ? RenderAsync(context, key) : next(context);
        }

        private string? KeyOf(HttpContext context)
        {
            var request = context.Request;
            if (!_enabled
                || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || context.Features.Get<SiteResolution>()?.Site is not { Status: not SiteStatus.Disabled }
                || !IsBufferedPage(request.Path)
                || request.Headers.ContainsKey(HeaderNames.Authorization))
            {
                return null;
            }

            string? display = null, culture = null;
            if (request.Headers.ContainsKey(HeaderNames.Cookie))
            {
                var jar = request.Cookies;
                if (_signInCookie.Length > 0 && jar.ContainsKey(_signInCookie))
                {
                    // A signed-in user may see more than the public does.
                    return null;
                }

                display = jar[DisplayModes.CookieName];
                culture = jar[CookieRequestCultureProvider.DefaultCookieName];
            }

            return string.Concat(
            [
                request.Scheme, "\0", request.Host.Value?.ToLowerInvariant(), "\0", request.PathBase.Value, request.Path.Value, "\0",
                request.QueryString.Value, "\0", request.Headers.AcceptEncoding.ToString(), "\0", display, "\0", culture,
            ]);
        }

        private static Task ServeAsync(HttpContext context, CachedPublicPage page)
        {
            var response = context.Response;
            var headers = response.Headers;
            foreach (var (name, value) in page.Headers)
            {
                headers[name] = value;
            }

            headers.Age = HeaderUtilities.FormatNonNegativeInt64(Math.Max(0, (long)(DateTimeOffset.UtcNow - page.Created).TotalSeconds));
            if (page.ETag is { } etag && MatchesIfNoneMatch(context.Request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentLength = page.Body.Length;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return Task.CompletedTask;
            }

            var write = response.BodyWriter.WriteAsync(page.Body, context.RequestAborted);
            return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
        }

        /// <summary>The first request for a page renders it; the others wait for it, then take the page stored or render their own.</summary>
        private async Task RenderAsync(HttpContext context, string key)
        {
            var rendered = new TaskCompletionSource<CachedPublicPage?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = _rendering.GetOrAdd(key, rendered.Task);
            if (first != rendered.Task)
            {
                var page = await first.WaitAsync(context.RequestAborted);
                if (page is not null)
                {
                    await ServeAsync(context, page);
                }
                else
                {
                    await next(context);
                }

                return;
            }

            CachedPublicPage? stored = null;
            try
            {
                stored = await RenderAndStoreAsync(context, key);
            }
            finally
            {
                _rendering.TryRemove(KeyValuePair.Create(key, rendered.Task));
                rendered.SetResult(stored);
            }
        }

        private async Task<CachedPublicPage?> RenderAndStoreAsync(HttpContext context, string key)
        {
            var generation = store.Generation;
            var capture = new PageCapture();
            context.Features.Set(capture);
            var bodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            await using var copy = buffers.GetStream("cached public page");
            var tee = new TeeStream(bodyFeature.Stream, copy, MaximumBody);
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(tee, bodyFeature));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(bodyFeature);
                context.Features.Set<PageCapture>(null);
            }

            var response = context.Response;
            if (response.StatusCode != StatusCodes.Status200OK
                || tee.Overflowed
                || context.RequestAborted.IsCancellationRequested
                || response.Headers.ContainsKey(HeaderNames.SetCookie)
                || context.GetEndpoint()?.Metadata.GetMetadata<CachedPublicPageAttribute>() is null
                || context.User.Identity?.IsAuthenticated == true
                || (response.ContentLength is { } length && length != copy.Length))
            {
                return null;
            }

            var headers = new List<KeyValuePair<string, StringValues>>(response.Headers.Count);
            foreach (var header in response.Headers)
            {
                if (!NotKept.Contains(header.Key))
                {
                    headers.Add(header);
                }
            }

            var site = context.Features.Get<SiteResolution>()!.Site!;
            var page = new CachedPublicPage(key, copy.ToArray(), [.. headers], response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                DateTimeOffset.UtcNow, [AllTag, SiteTag(site.Id), .. capture.Tags]);
            return store.TryStore(page, generation) ? page : null;
        }

        /// <summary>Headers that belong to one response, not to the page.</summary>
        private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
        {
            HeaderNames.Date, HeaderNames.Server, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.Age, HeaderNames.SetCookie, HeaderNames.Connection,
        };
    }

    /// <summary>The tags of the page being rendered for the cache (<see cref="Tag"/>).</summary>
    private sealed class PageCapture
    {
        public List<string> Tags { get; } = [];
    }

    /// <summary>Writes through to the response and keeps a copy, up to a limit.</summary>
    private sealed class TeeStream(Stream inner, Stream copy, long limit) : Stream
    {
        public bool Overflowed { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Keep(buffer);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        private void Keep(ReadOnlySpan<byte> buffer)
        {
            if (Overflowed)
            {
                return;
            }

            if (copy.Length + buffer.Length > limit)
            {
                Overflowed = true;
                return;
            }

            copy.Write(buffer);
        }
    }

    /// <summary>Whether <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>).</summary>
    private static bool MatchesIfNoneMatch(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var candidate = value.AsSpan()[range].Trim();
                if (candidate.SequenceEqual(etag) || candidate.SequenceEqual("*"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class PageEvictor(PublicPageStore store, IServiceScopeFactory scopes, ILogger<PageEvictor> logger) : IPublicChangeListener
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
                store.EvictByTag(tag);
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
    /// request that already has it. Cached pages keep their ETag, and the page cache answers
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

                if (MatchesIfNoneMatch(context.Request, etag))
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
