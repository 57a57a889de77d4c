using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Data;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>
/// A loopback web server of fixed answers: a path answers its status and HTML, or waits
/// <see cref="Slow"/> first; every other path answers 404. Each request is counted.
/// </summary>
public sealed class FixedAnswerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FixedAnswerServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentDictionary<string, (int Status, string Html)> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths that wait this long before answering.</summary>
    public ConcurrentDictionary<string, TimeSpan> Slow { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public static async Task<FixedAnswerServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FixedAnswerServer? server = null;
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server!.Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (server.Slow.TryGetValue(path, out var wait))
            {
                await Task.Delay(wait, context.RequestAborted);
            }

            if (!server.Answers.TryGetValue(path, out var answer))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(answer.Html, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FixedAnswerServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A site server and a second one (another site, for external links), and the Core services set to find sites on the first (<c>{base}{slug}/</c>).</summary>
public sealed class MonitoringWatchFixture : IAsyncLifetime
{
    private CoreHost? _host;

    public FixedAnswerServer Sites { get; private set; } = null!;

    public FixedAnswerServer Elsewhere { get; private set; } = null!;

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The fixture has not started.")).Services;

    public async Task InitializeAsync()
    {
        Sites = await FixedAnswerServer.StartAsync();
        Elsewhere = await FixedAnswerServer.StartAsync();
        _host = await CoreHost.StartAsync(DatabaseProvider.Sqlite, services => services.Configure<SiteClusterOptions>(options =>
        {
            options.Monitoring.PublicBaseUrl = Sites.BaseAddress.AbsoluteUri + "{slug}/";
            options.Monitoring.ProbeTimeoutSeconds = 1;
            options.Crawling.PerHostDelayMilliseconds = 0;
            options.Crawling.MaxRetries = 0;
            options.Crawling.TimeoutSeconds = 5;
        }));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Sites.DisposeAsync();
        await Elsewhere.DisposeAsync();
    }
}

/// <summary>The availability prober and the link checker against loopback servers.</summary>
public sealed class MonitoringWatchTests(MonitoringWatchFixture fixture) : IClassFixture<MonitoringWatchFixture>
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Probes_record_a_home_page_that_answers_one_that_fails_and_one_that_does_not_answer_in_time()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        await Services.GetRequiredService<ISiteRegistry>().ReloadAsync();
        var sites = new[] { tree.Province, tree.City, tree.County }.Select(slug => TestSites.Site(Services, slug)).ToList();
        fixture.Sites.Answers[$"/{tree.Province}/"] = (200, "<html><body>首页</body></html>");
        fixture.Sites.Answers[$"/{tree.City}/"] = (500, "<html><body>错误</body></html>");
        fixture.Sites.Answers[$"/{tree.County}/"] = (200, "<html><body>慢</body></html>");
        fixture.Sites.Slow[$"/{tree.County}/"] = TimeSpan.FromSeconds(5);

        IReadOnlyList<AvailabilityProbe> probes;
        await using (var scope = Services.CreateAsyncScope())
        {
            probes = await scope.ServiceProvider.GetRequiredService<AvailabilityProber>().ProbeAsync(sites);
        }

        var (up, failing, slow) = (probes.Single(p => p.TenantId == sites[0].Id), probes.Single(p => p.TenantId == sites[1].Id), probes.Single(p => p.TenantId == sites[2].Id));
        Assert.Equal((true, 200, null), (up.Succeeded, up.StatusCode, up.Error));
        Assert.Equal($"{fixture.Sites.BaseAddress}{tree.Province}/", up.Url);
        Assert.Equal((false, 500), (failing.Succeeded, failing.StatusCode));
        Assert.StartsWith("HTTP 500", failing.Error, StringComparison.Ordinal);
        Assert.False(slow.Succeeded);
        Assert.Null(slow.StatusCode);
        Assert.Equal("no answer within 1 s", slow.Error);
        Assert.InRange(slow.LatencyMilliseconds, 900, 4900);

        await using var read = TestSites.ScopeFor(Services, sites[1]);
        var stored = await read.ServiceProvider.GetRequiredService<SiteClusterDbContext>().AvailabilityProbes.SingleAsync();
        Assert.Equal(failing.Id, stored.Id);
    }

    [Fact]
    public async Task The_link_checker_finds_broken_links_inside_and_outside_the_site_continues_an_interrupted_pass_and_feeds_the_rules()
    {
        await TestSites.ApplyAsync(Services, """{ "steps": [ { "name": "monitoring", "file": "monitoring/national-2019.json" } ] }""");
        var tree = await TestSites.CreateTreeAsync(Services);
        await Services.GetRequiredService<ISiteRegistry>().ReloadAsync();
        var county = TestSites.Site(Services, tree.County);
        var root = $"/{tree.County}/";
        var site = $"{fixture.Sites.BaseAddress}{tree.County}/";
        var elsewhere = fixture.Elsewhere.BaseAddress;
        fixture.Elsewhere.Answers["/ok"] = (200, "<html></html>");
        fixture.Sites.Answers[root] = (200, $"""
            <html><body>
              <a href="a.html">A</a> <a href="missing.html">已删除</a> <a href="#top">顶部</a> <a href="mailto:x@example.gov.cn">信箱</a>
              <a href="{elsewhere}ok">友情链接</a> <a href="{elsewhere}gone">失效链接</a> <a href="/{tree.City}/">上级</a>
            </body></html>
            """);
        fixture.Sites.Answers[$"{root}a.html"] = (200, $"""<html><body><a href="b.html">B</a><img src="img/none.png" alt="图"><a href="{elsewhere}gone">失效链接</a></body></html>""");
        fixture.Sites.Answers[$"{root}b.html"] = (200, """<html><body><a href="./">首页</a><a href="error.html">出错</a></body></html>""");
        fixture.Sites.Answers[$"{root}error.html"] = (500, "<html></html>");
        fixture.Sites.Answers[$"/{tree.City}/"] = (200, """<html><body><a href="never-crawled.html">x</a></body></html>""");

        // The first run stops after one page; the second continues the pass without reading the home page again.
        var first = await CheckAsync(county, pageBudget: 1);
        Assert.False(first.PassCompleted);
        Assert.Equal(1, first.PagesChecked);
        var second = await CheckAsync(county, pageBudget: null);
        Assert.True(second.PassCompleted);

        Assert.Equal(1, fixture.Sites.Requests[root]);
        Assert.InRange(fixture.Elsewhere.Requests["/gone"], 1, 2);
        Assert.False(fixture.Sites.Requests.ContainsKey($"/{tree.City}/never-crawled.html"));
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            var entries = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().LinkCheckEntries.ToListAsync();
            var broken = entries.Where(e => e.IsBroken).ToDictionary(e => e.Url, e => (e.FoundOn, e.StatusCode));
            Assert.Equal(
                new Dictionary<string, (string?, int)>
                {
                    [$"{site}missing.html"] = (site, 404),
                    [$"{elsewhere}gone"] = (site, 404),
                    [$"{site}img/none.png"] = ($"{site}a.html", 404),
                    [$"{site}error.html"] = ($"{site}b.html", 500),
                },
                broken);
            Assert.Contains(entries, e => e.Url == $"{fixture.Sites.BaseAddress}{tree.City}/" && !e.IsPage && !e.IsBroken);
            Assert.Equal(4, second.Broken);
        }

        MonitoringRunResult result;
        await using (var scope = Services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync(county, default);
        }

        var problems = result.Sites.Single().Problems;
        Assert.Equal(2, problems.Count(p => p.RuleCode == "broken-links-home"));
        Assert.Equal(2, problems.Count(p => p.RuleCode == "broken-links"));
        Assert.Contains(problems, p => p.RuleCode == "broken-links" && p.Detail == $"页面 {site}b.html 上的链接 {site}error.html 无法访问（500）。");

        // Fixed: the next pass reads everything again and the broken addresses are gone.
        fixture.Sites.Answers[root] = (200, """<html><body><a href="a.html">A</a></body></html>""");
        fixture.Sites.Answers[$"{root}a.html"] = (200, """<html><body>正文</body></html>""");
        var again = await CheckAsync(county, pageBudget: null);
        Assert.True(again.PassCompleted);
        Assert.Equal(0, again.Broken);
        await using (var scope = TestSites.ScopeFor(Services, county))
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().LinkCheckEntries.CountAsync());
        }
    }

    [Fact]
    public async Task A_link_check_stops_at_its_time_limit_and_the_next_run_finishes_the_pass()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        await Services.GetRequiredService<ISiteRegistry>().ReloadAsync();
        var county = TestSites.Site(Services, tree.County);
        var root = $"/{tree.County}/";
        fixture.Sites.Answers[root] = (200, """<html><body><a href="slow.html">慢</a></body></html>""");
        fixture.Sites.Answers[$"{root}slow.html"] = (200, "<html><body>正文</body></html>");
        fixture.Sites.Slow[$"{root}slow.html"] = TimeSpan.FromSeconds(3);

        LinkCheckResult stopped;
        await using (var scope = Services.CreateAsyncScope())
        {
            stopped = await scope.ServiceProvider.GetRequiredService<LinkChecker>().CheckAsync(county, TimeSpan.FromSeconds(1));
        }

        Assert.False(stopped.PassCompleted);
        fixture.Sites.Slow.TryRemove($"{root}slow.html", out _);
        var finished = await CheckAsync(county, pageBudget: null);

        Assert.True(finished.PassCompleted);
        Assert.Equal(1, finished.PagesChecked);
        Assert.Equal(1, fixture.Sites.Requests[root]);
    }

    private async Task<LinkCheckResult> CheckAsync(SiteInfo site, int? pageBudget)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LinkChecker>().CheckAsync(site, TimeSpan.FromMinutes(1), pageBudget);
    }
}
