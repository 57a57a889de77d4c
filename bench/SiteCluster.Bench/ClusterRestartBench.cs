using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Bench;

/// <summary>
/// Two nodes in cluster mode (PostgreSQL, Redis and Azurite from <c>infra/test.sh</c>'s
/// variables) on Kestrel, behind Debian's nginx with <c>infra/nginx/sitecluster.conf</c>'s retry
/// rules, under a closed-loop load of a site's pages, while node B is stopped and started again
/// on its port. Also the same load straight at node B, to show what the proxy's retries save.
/// </summary>
public static class ClusterRestartBench
{
    public static async Task RunAsync(int connections, int seconds)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var settings = new Dictionary<string, string?>
        {
            ["SiteCluster:Database:Provider"] = database.Provider.ToString(),
            ["SiteCluster:Database:ConnectionString"] = database.ConnectionString.Replace("Maximum Pool Size=20", "Maximum Pool Size=50", StringComparison.Ordinal),
            ["SiteCluster:Redis:Configuration"] = TestServices.Redis,
            ["SiteCluster:Redis:KeyPrefix"] = $"bench-{Guid.NewGuid():N}:",
            ["SiteCluster:Media:AzureBlob:ConnectionString"] = TestServices.Azurite,
            ["SiteCluster:Media:AzureBlob:Container"] = $"bench-{Guid.NewGuid():N}",
            ["SiteCluster:Demo:ApplyOnEmptyDatabase"] = "false",
            ["SiteCluster:Monitoring:Schedule"] = string.Empty,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
        };
        var portA = FreePort();
        var portB = FreePort();
        var a = new Node(settings, portA);
        var b = new Node(settings, portB);
        try
        {
            var tree = await TestSites.CreateContentTreeAsync(a.Services);
            await PublishAsync(a.Services, TestSites.Site(a.Services, tree.County));
            var path = $"s/{tree.County}/tzgg/";

            await using var nginx = await Nginx.StartAsync(portA, portB);
            var throughProxy = new Uri($"http://127.0.0.1:{nginx.Port}/{path}");
            var straightToB = new Uri($"http://127.0.0.1:{portB}/{path}");
            using (var probe = new HttpClient())
            {
                await probe.GetStringAsync(throughProxy);
                await probe.GetStringAsync(straightToB);
            }

            var duration = TimeSpan.FromSeconds(seconds);
            var steady = await Load.RunAsync("through nginx, both nodes up", throughProxy, connections, duration);

            var restart = Stopwatch.StartNew();
            var stopAt = duration / 3;
            var proxied = Load.RunAsync("through nginx, node B restarted", throughProxy, connections, duration);
            var direct = Load.RunAsync("straight to node B while it restarts", straightToB, Math.Max(1, connections / 4), duration);
            await Task.Delay(stopAt + TimeSpan.FromSeconds(2));
            restart.Restart();
            await b.DisposeAsync();
            var down = restart.Elapsed;
            b = new Node(settings, portB);
            var up = restart.Elapsed;
            var results = await Task.WhenAll(proxied, direct);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cluster-restart: two nodes (PostgreSQL, Redis, Azurite), nginx {nginx.Version} in front (least_conn, proxy_next_upstream error timeout http_502 http_504), a column list page, {connections} connections, {seconds} s each after a 2 s warm-up, {Environment.ProcessorCount} cores; load generator and both nodes in one process"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"node B stopped {stopAt.TotalSeconds + 2:0} s into the run and started again in this process (no process start-up): stopping took {down.TotalSeconds:0.0} s, it was serving again {up.TotalSeconds:0.0} s after the stop began; the two restart loads run at once, and share the machine"));
            Console.WriteLine(Load.Header.Replace("ratio to raw", "ratio to both up", StringComparison.Ordinal));
            foreach (var result in new[] { steady, results[0], results[1] })
            {
                Console.WriteLine(result.Row(steady.RequestsPerSecond));
            }
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    private static async Task PublishAsync(IServiceProvider services, Core.Tenancy.SiteInfo site)
    {
        var editor = new ContentActor("user:bench-editor", new HashSet<SiteRole> { SiteRole.Editor });
        var reviewer = new ContentActor("user:bench-reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });
        await using var scope = TestSites.ScopeFor(services, site);
        var column = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns
            .Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        var content = scope.ServiceProvider.GetRequiredService<ContentService>();
        for (var i = 0; i < 20; i++)
        {
            var item = await content.CreateAsync(editor, "Notice", new ContentDraft { ColumnId = column, Title = $"基准通知{i}", Body = "<p>特此通知。</p>", Publisher = "基准县人民政府办公室" });
            await content.SubmitAsync(editor, item.Id);
            await content.ApproveAsync(reviewer, item.Id);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A node on Kestrel at a fixed loopback port, with a data folder of its own.</summary>
    private sealed class Node : WebApplicationFactory<Program>
    {
        private readonly IReadOnlyDictionary<string, string?> _settings;
        private readonly string _data = Directory.CreateTempSubdirectory("sitecluster-bench-node-").FullName;

        public Node(IReadOnlyDictionary<string, string?> settings, int port)
        {
            _settings = settings;
            UseKestrel(port);
            StartServer();
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // A log file still open; the temp folder is left.
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSolutionRelativeContentRoot("src/SiteCluster.Web");
            builder.UseSetting("SiteCluster:DataDirectory", _data);
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    /// <summary>Debian's nginx in the foreground with the project's upstream rules, on a free port.</summary>
    private sealed class Nginx(Process process, string folder, int port, string version) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public string Version { get; } = version;

        public static async Task<Nginx> StartAsync(int portA, int portB)
        {
            var folder = Directory.CreateTempSubdirectory("sitecluster-bench-nginx-").FullName;
            var port = FreePort();
            var config = Path.Combine(folder, "nginx.conf");
            await File.WriteAllTextAsync(config, $$"""
                worker_processes 1;
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path {{folder}}/body;
                  proxy_temp_path {{folder}}/proxy;
                  upstream sitecluster {
                    least_conn;
                    server 127.0.0.1:{{portA}} max_fails=3 fail_timeout=10s;
                    server 127.0.0.1:{{portB}} max_fails=3 fail_timeout=10s;
                    keepalive 64;
                  }
                  server {
                    listen 127.0.0.1:{{port}};
                    location / {
                      proxy_pass http://sitecluster;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $host;
                      proxy_next_upstream error timeout http_502 http_504;
                      proxy_next_upstream_tries 3;
                      proxy_next_upstream_timeout 15s;
                      proxy_connect_timeout 2s;
                      proxy_max_temp_file_size 0;
                    }
                  }
                }
                """);
            var start = new ProcessStartInfo("nginx") { ArgumentList = { "-c", config, "-p", folder, "-g", "daemon off;" }, RedirectStandardOutput = true, RedirectStandardError = true };
            var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start (apt-get install nginx-light)");
            var version = FileVersion();
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return new Nginx(process, folder, port, version);
                }
                catch (SocketException)
                {
                    await Task.Delay(50);
                }
            }

            throw new InvalidOperationException($"nginx did not listen on {port}: {await process.StandardError.ReadToEndAsync()}");
        }

        private static string FileVersion()
        {
            using var v = Process.Start(new ProcessStartInfo("nginx", "-v") { RedirectStandardError = true })!;
            var text = v.StandardError.ReadToEnd();
            v.WaitForExit();
            return text.Trim().Split('/').LastOrDefault() ?? "?";
        }

        public async ValueTask DisposeAsync()
        {
            // The master and its worker: a worker left behind would keep the port and our output open.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }
}
