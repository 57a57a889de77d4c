using System.Net;
using System.Text;
using SiteCluster.Core;
using SiteCluster.Web.Tests.Cluster;

namespace SiteCluster.Web.Tests;

/// <summary>Logs exported over OTLP when <c>Serilog:Otlp:Endpoint</c> is set: a collector on loopback receives the request events.</summary>
public sealed class OtlpLoggingTests
{
    [Fact]
    public async Task Request_events_are_exported_to_the_configured_OTLP_endpoint()
    {
        var port = RedisServerProcess.FreePort();
        using var collector = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        collector.Start();
        var received = new List<(string Path, string ContentType, byte[] Body)>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (received)
                {
                    received.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? string.Empty, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });

        IAsyncLifetime factory = new SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: false, new()
        {
            ["Serilog:Otlp:Endpoint"] = $"http://127.0.0.1:{port}/v1/logs",
            ["Serilog:Otlp:Protocol"] = "HttpProtobuf",
            ["Serilog:Otlp:ServiceName"] = "sitecluster-test",
        });
        await factory.InitializeAsync();
        try
        {
            await ((SiteClusterWebFactory)factory).Client().GetAsync("/healthz");

            await Eventually.HoldsAsync(() =>
            {
                lock (received)
                {
                    return Task.FromResult(received.Any(r => Encoding.UTF8.GetString(r.Body).Contains("/healthz", StringComparison.Ordinal)));
                }
            }, TimeSpan.FromSeconds(20), "the request event reaches the collector");

            lock (received)
            {
                var export = received.First(r => Encoding.UTF8.GetString(r.Body).Contains("/healthz", StringComparison.Ordinal));
                Assert.Equal("/v1/logs", export.Path);
                Assert.Equal("application/x-protobuf", export.ContentType);
                Assert.Contains("sitecluster-test", Encoding.UTF8.GetString(export.Body), StringComparison.Ordinal);
            }
        }
        finally
        {
            await factory.DisposeAsync();
            collector.Stop();
            await receiving;
        }
    }
}
