using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Crawling;

namespace SiteCluster.Web.Tests;

/// <summary>
/// An old website served from a folder over loopback HTTP by a small Kestrel app, as the
/// migration meets it: a charset in the Content-Type header where the caller says so, an
/// optional robots.txt, and chosen addresses that fail once with 503 before they answer.
/// </summary>
public sealed class LegacySiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LegacySiteServer(WebApplication app, Uri baseAddress, ConcurrentQueue<string> requests)
    {
        _app = app;
        BaseAddress = baseAddress;
        Requests = requests;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every path and query asked for, in order.</summary>
    public ConcurrentQueue<string> Requests { get; }

    /// <param name="folder">The site's files.</param>
    /// <param name="charsetFor">The charset to name in the Content-Type of an HTML page at a path, or null to name none.</param>
    /// <param name="robots">The robots.txt to serve; null serves the folder's own, if any.</param>
    /// <param name="failOnce">Paths that answer 503 the first time they are asked for.</param>
    public static async Task<LegacySiteServer> StartAsync(string folder, Func<string, string?> charsetFor, string? robots = null, IEnumerable<string>? failOnce = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var files = new FolderResourceSource(folder);
        var failing = new ConcurrentDictionary<string, bool>((failOnce ?? []).ToDictionary(p => p, _ => true), StringComparer.Ordinal);
        var requests = new ConcurrentQueue<string>();
        app.Run(async context =>
        {
            var asked = context.Request.Path.Value + context.Request.QueryString.Value;
            requests.Enqueue(asked);
            if (failing.TryRemove(asked, out _))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (robots is not null && asked == "/robots.txt")
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(robots);
                return;
            }

            var result = await files.FetchAsync(new Uri(new Uri("http://legacy.test"), asked), context.RequestAborted);
            if (!result.IsSuccess)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var type = result.MediaType ?? "application/octet-stream";
            context.Response.ContentType = type == "text/html" && charsetFor(context.Request.Path.Value!) is { } charset ? $"{type}; charset={charset}" : type;
            await context.Response.Body.WriteAsync(result.Content, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LegacySiteServer(app, new Uri(address.TrimEnd('/') + "/"), requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
