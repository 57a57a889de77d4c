using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests.Cluster;

/// <summary>One node of a cluster: the real host with a data folder of its own and the settings it is given.</summary>
public sealed class ClusterNodeFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sitecluster-node-").FullName;

    /// <summary>Starts the host now, so that start-up failures surface here.</summary>
    public ClusterNodeFactory Start()
    {
        _ = Services;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("SiteCluster:DataDirectory", DataDirectory);
        builder.UseSetting("SiteCluster:Demo:ApplyOnEmptyDatabase", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>A client that does not follow redirects and keeps no cookies of its own.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still open by a stopping host; the temp folder is left.
        }
    }
}

/// <summary>
/// Settings of a cluster in cluster mode: one PostgreSQL database, one Redis (keys under a prefix
/// of its own) and one blob container of its own, all from the services <c>infra/test.sh</c> starts.
/// </summary>
public static class ClusterSettings
{
    public static Dictionary<string, string?> For(TestDatabase database, string? redis = null, string? prefix = null, string? container = null) => new()
    {
        ["SiteCluster:Database:Provider"] = database.Provider.ToString(),
        ["SiteCluster:Database:ConnectionString"] = database.ConnectionString,
        ["SiteCluster:Redis:Configuration"] = redis ?? TestServices.Redis,
        ["SiteCluster:Redis:KeyPrefix"] = prefix ?? NewPrefix(),
        ["SiteCluster:Media:AzureBlob:ConnectionString"] = TestServices.Azurite,
        ["SiteCluster:Media:AzureBlob:Container"] = container ?? $"test-{Guid.NewGuid():N}",
        ["SiteCluster:Monitoring:Schedule"] = string.Empty,
    };

    public static string NewPrefix() => $"test-{Guid.NewGuid():N}:";
}

/// <summary>Polls until a condition holds, or fails the test when it has not within a time.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="within"/> has passed; returns the time it took.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > within)
            {
                throw new Xunit.Sdk.XunitException($"Not within {within.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A redis-server of the test's own (Debian's binary, path from <c>SITECLUSTER_TEST_REDIS_SERVER</c>), to stop and start again on the same port.</summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sitecluster-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();

    public string Configuration => $"127.0.0.1:{Port},connectTimeout=1000,connectRetry=1";

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(TestServices.RedisServer)
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", string.Empty, "--appendonly", "no", "--dir", _folder, "--loglevel", "warning" },
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        await Eventually.HoldsAsync(() => Task.FromResult(Listening(Port)), TimeSpan.FromSeconds(10), $"redis-server listening on {Port}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>
/// A TCP relay on loopback in front of a real server: <see cref="Cut"/> closes every connection
/// and stops listening (the server is gone, as far as the client can tell); <see cref="Start"/> relays again.
/// </summary>
public sealed class TcpRelay(string targetHost, int targetPort) : IDisposable
{
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public int Port { get; } = RedisServerProcess.FreePort();

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public void Cut()
    {
        _stop?.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Close();
            }

            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(targetHost, targetPort, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Close();
                outbound.Close();
                continue;
            }

            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // The other side or the relay closed.
        }

        from.Close();
        to.Close();
    }

    public void Dispose()
    {
        Cut();
        _stop?.Dispose();
    }
}

/// <summary>Signs in to the admin as a browser does, and hands back the cookies to send with later requests (to any node).</summary>
public static partial class AdminSession
{
    public const string Password = "Test-password-2026";

    public static async Task<string> SignInAsync(HttpClient client, string adminHost, string userName)
    {
        var loginPage = await client.GetAsync($"http://{adminHost}/admin/login");
        using var login = new HttpRequestMessage(HttpMethod.Post, $"http://{adminHost}/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = userName,
                ["password"] = Password,
                ["__RequestVerificationToken"] = Token(await loginPage.Content.ReadAsStringAsync()),
            }),
        };
        login.Headers.Add("Cookie", Cookies(loginPage));
        var signedIn = await client.SendAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Cookies(signedIn);
        Assert.Contains("sitecluster.admin=", session, StringComparison.Ordinal);
        return session;
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookies);
        return client.SendAsync(request);
    }

    /// <summary>The name=value pairs of a response's Set-Cookie headers, as a Cookie header.</summary>
    public static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    public static string Token(string page) =>
        TokenRegex().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("No antiforgery token on the page.");

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex TokenRegex();
}

/// <summary>Notices in a test site's 通知公告 column, written on the node whose services are given.</summary>
public static class Notices
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });

    public static async Task<ContentItem> PublishAsync(
        IServiceProvider node, SiteInfo site, string title, IReadOnlyList<ContentAttachment>? attachments = null)
    {
        var draft = new ContentDraft { Title = title, Body = "<p>特此通知。</p>", Publisher = "测试县人民政府办公室", Attachments = attachments ?? [] };
        var item = await InSiteAsync(node, site, (s, c) => s.CreateAsync(Editor, "Notice", draft with { ColumnId = c }));
        await InSiteAsync(node, site, (s, _) => s.SubmitAsync(Editor, item.Id));
        return await InSiteAsync(node, site, (s, _) => s.ApproveAsync(Reviewer, item.Id));
    }

    public static Task WithdrawAsync(IServiceProvider node, SiteInfo site, Guid itemId) =>
        InSiteAsync(node, site, (s, _) => s.WithdrawAsync(Reviewer, itemId, "内容有误"));

    /// <summary>Runs <paramref name="work"/> for the site, with the id of its 通知公告 column.</summary>
    private static async Task<T> InSiteAsync<T>(IServiceProvider node, SiteInfo site, Func<ContentService, Guid, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(node, site);
        var notices = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns
            .Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        return await work(scope.ServiceProvider.GetRequiredService<ContentService>(), notices);
    }
}
