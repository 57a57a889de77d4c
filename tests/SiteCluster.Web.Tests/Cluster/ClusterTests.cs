using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests.Cluster;

/// <summary>Two nodes sharing PostgreSQL, Redis and blob storage, each with its own data folder and memory caches.</summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not started.");

    public ClusterNodeFactory A { get; private set; } = null!;

    public ClusterNodeFactory B { get; private set; } = null!;

    /// <summary>What every node of this cluster is configured with (the command line too).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        Settings = ClusterSettings.For(_database);
        // One after the other: the first migrates the database.
        A = new ClusterNodeFactory(Settings).Start();
        B = new ClusterNodeFactory(Settings).Start();
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>What cluster mode promises: either node serves what the other did.</summary>
public sealed class ClusterTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_site_created_on_one_node_resolves_on_the_other_within_a_second()
    {
        var b = cluster.B.Client();
        var (json, tree) = TestSites.TreeRecipe();
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"http://{tree.CountyHost}/")).StatusCode);

        await TestSites.ApplyAsync(cluster.A.Services, json);

        await Eventually.HoldsAsync(async () => (await b.GetAsync($"http://{tree.CountyHost}/")).StatusCode == HttpStatusCode.OK, OneSecond, "the new site answers on B");
        Assert.NotNull(cluster.B.Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County));
    }

    [Fact]
    public async Task Nodes_starting_together_on_an_empty_Redis_make_one_data_protection_key()
    {
        var settings = ClusterSettings.For(cluster.Database);
        var starts = Enumerable.Range(0, 3).Select(_ => Task.Run(() => new ClusterNodeFactory(settings).Start())).ToList();
        var nodes = await Task.WhenAll(starts);
        try
        {
            using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
            Assert.Equal(1, await redis.GetDatabase().ListLengthAsync(settings["SiteCluster:Redis:KeyPrefix"] + "data-protection-keys"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_distributed_cache_is_shared_by_the_nodes()
    {
        var key = $"test:{Guid.NewGuid():N}";
        await cluster.A.Services.GetRequiredService<IDistributedCache>().SetStringAsync(key, "来自节点A");

        Assert.Equal("来自节点A", await cluster.B.Services.GetRequiredService<IDistributedCache>().GetStringAsync(key));
    }

    [Fact]
    public async Task A_site_created_with_the_command_line_resolves_on_the_running_nodes_within_a_second()
    {
        var (json, tree) = TestSites.TreeRecipe();
        var file = Path.Combine(cluster.A.DataDirectory, $"{tree.County}.json");
        await File.WriteAllTextAsync(file, json);
        var settings = new Dictionary<string, string?>(cluster.Settings) { ["SiteCluster:DataDirectory"] = cluster.A.DataDirectory };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Cli.CliApp.RunAsync(["recipe", "apply", file], output, error, settings);

        Assert.True(exit == 0, error.ToString());
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var client = node.Client();
            await Eventually.HoldsAsync(async () => (await client.GetAsync($"http://{tree.CountyHost}/")).StatusCode == HttpStatusCode.OK, OneSecond, "the site answers on a running node");
        }
    }

    [Fact]
    public async Task A_login_and_a_form_from_one_node_are_valid_on_the_other()
    {
        var tree = await TestSites.CreateContentTreeAsync(cluster.A.Services);
        await WaitForSiteOnBAsync(tree.County);
        var user = await TestSites.CreateUserAsync(cluster.A.Services, tree.County, AdminSession.Password, SiteRole.Editor);
        var session = await AdminSession.SignInAsync(cluster.A.Client(), tree.ProvinceHost, user);

        var b = cluster.B.Client();
        var page = await AdminSession.GetAsync(b, $"http://{tree.ProvinceHost}/admin/{tree.County}/content", session);
        var anonymous = await b.GetAsync($"http://{tree.ProvinceHost}/admin/{tree.County}/content");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(user, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);

        // A form rendered by A is accepted by B: the antiforgery token unprotects there too.
        var formOnA = await AdminSession.GetAsync(cluster.A.Client(), $"http://{tree.ProvinceHost}/admin/{tree.County}/content", session);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"http://{tree.ProvinceHost}/admin/language")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["culture"] = "en",
                ["returnUrl"] = "/admin",
                ["__RequestVerificationToken"] = AdminSession.Token(await formOnA.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", $"{session}; {AdminSession.Cookies(formOnA)}");
        var posted = await b.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
    }

    [Fact]
    public async Task A_publish_and_a_withdrawal_on_one_node_show_on_the_other_within_a_second_although_it_cached_the_page()
    {
        var tree = await TestSites.CreateContentTreeAsync(cluster.A.Services);
        await WaitForSiteOnBAsync(tree.County);
        var site = TestSites.Site(cluster.A.Services, tree.County);
        var b = cluster.B.Client();
        var home = $"http://{tree.CountyHost}/";
        await b.GetStringAsync(home);
        Assert.NotNull((await b.GetAsync(home)).Headers.Age);

        var item = await Notices.PublishAsync(cluster.A.Services, site, "关于集群发布测试的通知");
        await Eventually.HoldsAsync(async () => (await b.GetStringAsync(home)).Contains("关于集群发布测试的通知", StringComparison.Ordinal), OneSecond, "the publish shows on B's cached home page");
        Assert.NotNull((await b.GetAsync(home)).Headers.Age);

        await Notices.WithdrawAsync(cluster.A.Services, site, item.Id);
        await Eventually.HoldsAsync(async () => !(await b.GetStringAsync(home)).Contains("关于集群发布测试的通知", StringComparison.Ordinal), OneSecond, "the withdrawal shows on B");
    }

    [Fact]
    public async Task A_column_added_on_one_node_shows_on_the_other_within_a_second()
    {
        var tree = await TestSites.CreateContentTreeAsync(cluster.A.Services);
        await WaitForSiteOnBAsync(tree.County);
        var b = cluster.B.Client();
        var siteMap = $"http://{tree.CountyHost}/sitemap";
        await b.GetStringAsync(siteMap);
        Assert.NotNull((await b.GetAsync(siteMap)).Headers.Age);

        await TestSites.ApplyAsync(cluster.A.Services, $$"""
            { "steps": [ { "name": "columns", "sites": [ "{{tree.County}}" ],
              "local": [ { "site": "{{tree.County}}", "parent": "05", "name": "集群动态", "slug": "jqdt" } ] } ] }
            """);

        await Eventually.HoldsAsync(async () => (await b.GetStringAsync(siteMap)).Contains("集群动态", StringComparison.Ordinal), OneSecond, "B's site map shows the new column");
        var link = Regex.Match(await b.GetStringAsync(siteMap), "href=\"([^\"]+)\"[^>]*>集群动态<").Groups[1].Value;
        Assert.EndsWith("/jqdt/", link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"http://{tree.CountyHost}{link}")).StatusCode);
    }

    [Fact]
    public async Task Media_uploaded_on_one_node_is_served_by_the_other_from_blob_storage()
    {
        var tree = await TestSites.CreateContentTreeAsync(cluster.A.Services);
        await WaitForSiteOnBAsync(tree.County);
        var site = TestSites.Site(cluster.A.Services, tree.County);
        var pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray();
        MediaItem media;
        await using (var scope = TestSites.ScopeFor(cluster.A.Services, site))
        {
            media = await scope.ServiceProvider.GetRequiredService<MediaService>().UploadAsync(new MemoryStream(pdf), "集群附件.pdf");
        }

        await Notices.PublishAsync(cluster.A.Services, site, "带附件的通知", [new ContentAttachment(media.Id, media.FileName)]);
        var served = await cluster.B.Client().GetAsync($"http://{tree.CountyHost}/media/{media.Id}/x.pdf");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(pdf, await served.Content.ReadAsByteArrayAsync());
        Assert.False(Directory.Exists(Path.Combine(cluster.A.DataDirectory, "media")));
    }

    [Fact]
    public async Task A_scheduled_monitoring_run_happens_on_one_node_only()
    {
        // Two more nodes on the same database whose clock stands a minute before the schedule (02:00 Beijing).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 17, 59, 0, TimeSpan.Zero));
        var settings = ClusterSettings.For(cluster.Database);
        settings["SiteCluster:Monitoring:Schedule"] = "0 2 * * *";
        await using var first = new ClusterNodeFactory(settings, s => s.AddSingleton<TimeProvider>(clock)).Start();
        await using var second = new ClusterNodeFactory(settings, s => s.AddSingleton<TimeProvider>(clock)).Start();
        await TestSites.ApplyAsync(first.Services, """{ "steps": [ { "name": "monitoring", "file": "monitoring/national-2019.json" } ] }""",
            Path.Combine(AppContext.BaseDirectory, "recipes", "test-monitoring.json"));
        var before = await RunsAsync();

        clock.Advance(TimeSpan.FromMinutes(2));

        await Eventually.HoldsAsync(async () => await RunsAsync() > before, TimeSpan.FromSeconds(30), "a monitoring run");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(before + 1, await RunsAsync());

        async Task<int> RunsAsync()
        {
            await using var scope = cluster.A.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MonitoringRuns.CountAsync();
        }
    }

    private Task<TimeSpan> WaitForSiteOnBAsync(string slug) =>
        Eventually.HoldsAsync(() => Task.FromResult(cluster.B.Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(slug) is not null), OneSecond, $"B knows site {slug}");
}
