using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SiteCluster.Core;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Media;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests.Cluster;

/// <summary>A cluster's services failing: Redis, blob storage, PostgreSQL, each stopped under running nodes.</summary>
public sealed class ClusterFaultTests
{
    [Fact]
    public async Task Without_Redis_the_nodes_serve_from_their_caches_say_degraded_and_catch_up_when_it_returns()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var settings = ClusterSettings.For(database, redis.Configuration);
        await using var a = new ClusterNodeFactory(settings).Start();
        await using var b = new ClusterNodeFactory(settings).Start();
        var tree = await TestSites.CreateContentTreeAsync(a.Services);
        var site = TestSites.Site(a.Services, tree.County);
        var home = $"http://{tree.CountyHost}/";
        var onB = b.Client();
        await Eventually.HoldsAsync(async () => (await onB.GetAsync(home)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(1), "B serves the new site");
        await onB.GetStringAsync(home);

        await redis.StopAsync();

        var cached = await onB.GetAsync(home);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.NotNull(cached.Headers.Age);
        await Eventually.HoldsAsync(async () => await ReadinessAsync(a) == "Degraded" && await ReadinessAsync(b) == "Degraded", TimeSpan.FromSeconds(20), "both nodes say Degraded");
        Assert.Equal(HttpStatusCode.OK, (await a.Client().GetAsync("/readyz")).StatusCode);
        await Notices.PublishAsync(a.Services, site, "Redis停机期间发布的通知");
        Assert.Contains("Redis停机期间发布的通知", await a.Client().GetStringAsync(home), StringComparison.Ordinal);

        await redis.StartAsync();

        await Eventually.HoldsAsync(async () => (await onB.GetStringAsync(home)).Contains("Redis停机期间发布的通知", StringComparison.Ordinal),
            TimeSpan.FromSeconds(45), "B drops its cached pages once Redis is back");
        await Eventually.HoldsAsync(async () => await ReadinessAsync(a) == "Healthy" && await ReadinessAsync(b) == "Healthy", TimeSpan.FromSeconds(30), "both nodes say Healthy");
        var later = await Notices.PublishAsync(a.Services, site, "Redis恢复后发布的通知");
        // Readiness pings the connection that publishes; B's subscription comes back on a connection of its own, so allow it a moment.
        await Eventually.HoldsAsync(async () => (await onB.GetStringAsync(home)).Contains("Redis恢复后发布的通知", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "announcements work again");
        Assert.NotEqual(Guid.Empty, later.Id);
    }

    [Fact]
    public async Task With_blob_storage_unreachable_an_upload_fails_with_a_clear_message_and_leaves_no_record()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>
        {
            ["SiteCluster:Database:Provider"] = database.Provider.ToString(),
            ["SiteCluster:Database:ConnectionString"] = database.ConnectionString,
            // Azurite's published development account, on a loopback port where nothing listens.
            ["SiteCluster:Media:AzureBlob:ConnectionString"] =
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + $"BlobEndpoint=http://127.0.0.1:{RedisServerProcess.FreePort()}/devstoreaccount1;",
        };
        await using var node = new ClusterNodeFactory(settings).Start();
        var tree = await TestSites.CreateContentTreeAsync(node.Services);
        var user = await TestSites.CreateUserAsync(node.Services, tree.County, AdminSession.Password, SiteRole.Editor);
        var client = node.Client();
        var session = await AdminSession.SignInAsync(client, tree.ProvinceHost, user);
        var mediaPage = await AdminSession.GetAsync(client, $"http://{tree.ProvinceHost}/admin/{tree.County}/media", session);
        var file = new ByteArrayContent("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"http://{tree.ProvinceHost}/admin/{tree.County}/media?handler=Upload")
        {
            Content = new MultipartFormDataContent
            {
                { new StringContent(AdminSession.Token(await mediaPage.Content.ReadAsStringAsync())), "__RequestVerificationToken" },
                { file, "files", "年度报告.pdf" },
            },
        };
        upload.Headers.Add("Cookie", session + "; " + AdminSession.Cookies(mediaPage));

        var answer = await client.SendAsync(upload);
        var page = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("文件存储暂时无法连接，“年度报告.pdf”没有上传", page, StringComparison.Ordinal);
        await using var scope = TestSites.ScopeFor(node.Services, TestSites.Site(node.Services, tree.County));
        await Assert.ThrowsAsync<MediaStoreUnavailableException>(() =>
            scope.ServiceProvider.GetRequiredService<MediaService>().UploadAsync(new MemoryStream("%PDF-1.4\n%%EOF\n"u8.ToArray()), "直接上传.pdf"));
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MediaItems.CountAsync());
    }

    [Fact]
    public async Task With_PostgreSQL_unreachable_cached_public_pages_are_served_and_the_admin_shows_a_Chinese_error_page()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        using var relay = new TcpRelay(direct.Host!, direct.Port);
        relay.Start();
        var settings = new Dictionary<string, string?>
        {
            ["SiteCluster:Database:Provider"] = database.Provider.ToString(),
            ["SiteCluster:Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 }.ConnectionString,
        };
        await using var node = new ClusterNodeFactory(settings).Start();
        var tree = await TestSites.CreateContentTreeAsync(node.Services);
        var user = await TestSites.CreateUserAsync(node.Services, tree.County, AdminSession.Password, SiteRole.Editor);
        var client = node.Client();
        var session = await AdminSession.SignInAsync(client, tree.ProvinceHost, user);
        var home = $"http://{tree.CountyHost}/";
        var list = $"http://{tree.CountyHost}/tzgg/";
        await client.GetStringAsync(home);
        await client.GetStringAsync(list);
        var content = $"http://{tree.ProvinceHost}/admin/{tree.County}/content";
        Assert.Equal(HttpStatusCode.OK, (await AdminSession.GetAsync(client, content, session)).StatusCode);

        relay.Cut();

        var cachedHome = await client.GetAsync(home);
        var cachedList = await client.GetAsync(list);
        var admin = await AdminSession.GetAsync(client, content, session);
        var adminPage = await admin.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cachedHome.StatusCode, cachedList.StatusCode));
        Assert.NotNull(cachedHome.Headers.Age);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.StatusCode);
        Assert.Contains("<h1>服务暂时不可用</h1>", adminPage, StringComparison.Ordinal);
        Assert.Contains("系统暂时无法连接数据库或文件存储", adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", adminPage, StringComparison.Ordinal);

        relay.Start();

        await Eventually.HoldsAsync(async () => (await AdminSession.GetAsync(client, content, session)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "the admin works again");
    }

    private static async Task<string?> ReadinessAsync(ClusterNodeFactory node)
    {
        var response = await node.Client().GetAsync("/readyz");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();
    }
}
