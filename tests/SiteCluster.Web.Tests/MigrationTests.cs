using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Cli;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.SiteMigration;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>
/// Migrating old websites into a county site (issue 8): the shared fixture <c>legacy-site-a</c>
/// from a folder through <c>sitecluster migrate</c> and over loopback HTTP, and a generated site
/// built the other common way; every article in its column with its metadata and files, no
/// chrome in any body, old addresses answering 301 on the site's hosts and its old domain, runs
/// that change nothing the second time and continue after an interruption.
/// </summary>
public abstract partial class MigrationTests(SiteClusterWebFactory factory)
{
    /// <summary>No delay between requests and short retry waits: the old sites are on loopback.</summary>
    public static readonly Dictionary<string, string?> CrawlSettings = new()
    {
        ["SiteCluster:Crawling:PerHostDelayMilliseconds"] = "0",
        ["SiteCluster:Crawling:RetryDelayMilliseconds"] = "20",
    };

    // What site chrome leaves in a body when it is not taken out.
    private static readonly string[] ChromeText =
        ["打印", "关闭窗口", "ICP", "公网安备", "网站标识码", "当前位置", "您现在的位置", "版权所有", "主办:", "主办：", "字体", "浏览次数", "上一篇", "下一篇", "document.write", "_hmt", "<script"];

    private static readonly Dictionary<string, string> ProposedColumnsA = new()
    {
        ["gzdt"] = "工作动态",
        ["tzgg"] = "通知公告",
        ["zcwj"] = "政策文件",
        ["zcjd"] = "政策解读",
        ["czyjs"] = "预算决算",
        ["bszn"] = "办事指南",
    };

    [Fact]
    public async Task The_shared_fixture_migrates_from_a_folder_through_a_dry_run_and_an_edited_mapping_and_a_second_run_changes_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var work = Directory.CreateTempSubdirectory("sitecluster-migration-").FullName;
        var mappingFile = Path.Combine(work, "mapping.json");
        var state = Path.Combine(work, "state");
        string[] Migrate(params string[] more) =>
            ["migrate", "--site", tree.County, "--source", MigrationFixtures.LegacySiteA, "--mapping", mappingFile, "--state", state, .. more];

        var dry = await CliAsync(Migrate("--dry-run", "--report", Path.Combine(work, "dry.json")));

        Assert.True(dry.Exit == 0, dry.Error);
        Assert.Contains("Nothing was imported", dry.Output, StringComparison.Ordinal);
        var mapping = JsonNode.Parse(await File.ReadAllTextAsync(mappingFile))!;
        var proposed = mapping["columns"]!.AsArray().ToDictionary(c => (string)c!["url"]!, c => ((string)c!["name"]!, (string?)c["target"]));
        Assert.Equal(
            new Dictionary<string, (string, string?)>
            {
                ["/xxgk/bszn/"] = ("办事指南", "bsfw/bszn"),
                ["/xxgk/czyjs/"] = ("财政预决算", "czxx/ysjs"),
                ["/xxgk/gzdt/"] = ("工作动态", "gzdt"),
                ["/xxgk/tzgg/"] = ("通知公告", "tzgg"),
                ["/xxgk/zcjd/"] = ("政策解读", "zcjd"),
                ["/xxgk/zcwj/"] = ("政策文件", "zcwj"),
            },
            proposed);
        Assert.Empty(await ImportedAsync(site));
        Assert.Equal(0, await RedirectCountAsync(site));
        var dryReport = MigrationReport.Parse(await File.ReadAllTextAsync(Path.Combine(work, "dry.json")))!;
        Assert.Equal((64, 0), (dryReport.Articles.Found, dryReport.Articles.Imported));

        // The operator sends 财政预决算 to 财政信息 and leaves 办事指南 unmapped: it goes to the holding column.
        foreach (var column in mapping["columns"]!.AsArray())
        {
            column!["target"] = (string)column["url"]! switch
            {
                "/xxgk/czyjs/" => (JsonNode?)"czxx",
                "/xxgk/bszn/" => null,
                _ => column["target"]?.DeepClone(),
            };
        }

        await File.WriteAllTextAsync(mappingFile, mapping.ToJsonString());
        var first = await CliAsync(Migrate("--report", Path.Combine(work, "first.json")));

        Assert.True(first.Exit == 0, first.Error);
        var report = MigrationReport.Parse(await File.ReadAllTextAsync(Path.Combine(work, "first.json")))!;
        Assert.Equal((64, 0, 0, 0), (report.Articles.Imported, report.Articles.Updated, report.Articles.Unchanged, report.Articles.Failed));
        Assert.Equal(["办事指南"], report.UnmappedColumns.Select(c => c.Name));
        Assert.Equal((16, 22), (report.Attachments.Copied, report.Images.Copied));
        Assert.Equal(13, report.Encodings["gb18030"]);
        var broken = Assert.Single(report.BrokenLinks);
        Assert.Equal(("/xxgk/tzgg/201704/t20170429_1007.html", "/xxgk/gone/201501/t20150101_1.html", "已删除的页面"), (new Uri(broken.Page).AbsolutePath, new Uri(broken.Target).AbsolutePath, broken.Text));
        Assert.Contains("404", broken.Reason, StringComparison.Ordinal);
        var columns = new Dictionary<string, string>(ProposedColumnsA) { ["czyjs"] = "财政信息", ["bszn"] = "待整理" };
        await AssertFixtureImportedAsync(tree, columns);
        await AssertOldAddressesRedirectAsync(tree);

        var second = await CliAsync(Migrate("--report", Path.Combine(work, "second.json")));

        Assert.True(second.Exit == 0, second.Error);
        var again = MigrationReport.Parse(await File.ReadAllTextAsync(Path.Combine(work, "second.json")))!;
        Assert.Equal((0, 0, 64, 0), (again.Articles.Imported, again.Articles.Updated, again.Articles.Unchanged, again.Articles.Failed));
        Assert.Equal((0, 0, 16, 22), (again.Redirects.Created, again.Redirects.Updated, again.Attachments.Reused, again.Images.Reused));
        Assert.Equal(64, (await ImportedAsync(site)).Count);
    }

    [Fact]
    public async Task The_shared_fixture_migrates_over_HTTP_with_charset_headers_robots_txt_and_retries_after_503()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var failing = new[] { "/xxgk/zcwj/index_1.html", "/xxgk/gzdt/201704/t20170411_1000.html", "/xxgk/zcjd/201603/P01009_1.pdf" };
        await using var server = await LegacySiteServer.StartAsync(
            MigrationFixtures.LegacySiteA,
            path => path.StartsWith("/xxgk/tzgg/", StringComparison.Ordinal) ? "gbk" : "utf-8",
            robots: "User-agent: *\nDisallow: /xxgk/gone/\n",
            failOnce: failing);

        var report = await MigrateAsync(site, new MigrationRequest(server.BaseAddress.AbsoluteUri, NewStateFolder()));

        Assert.Equal((64, 0), (report.Articles.Imported, report.Articles.Failed));
        Assert.Empty(report.UnmappedColumns);
        Assert.All(failing, path => Assert.Equal(2, server.Requests.Count(r => r == path)));
        Assert.Contains("/robots.txt", server.Requests);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("/xxgk/gone/", StringComparison.Ordinal));
        Assert.Equal(1, report.Pages.Disallowed);
        Assert.Contains(report.BrokenLinks, l => l.Target.EndsWith("/xxgk/gone/201501/t20150101_1.html", StringComparison.Ordinal) && l.Reason.Contains("robots.txt", StringComparison.Ordinal));
        await AssertFixtureImportedAsync(tree, ProposedColumnsA);
        await AssertOldAddressesRedirectAsync(tree);
    }

    [Fact]
    public async Task An_interrupted_migration_continues_where_it_stopped_and_duplicates_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var request = new MigrationRequest(MigrationFixtures.LegacySiteA, NewStateFolder());
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MigrateAsync(site, request, new StopAt(20, stop), stop.Token));
        Assert.Equal(20, (await ImportedAsync(site)).Count);
        var resumed = await MigrateAsync(site, request);

        Assert.True(resumed.Resumed);
        Assert.Equal((64, 0, 0), (resumed.Articles.Imported, resumed.Articles.Updated, resumed.Articles.Failed));
        Assert.Equal(64, (await ImportedAsync(site)).Count);
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var runs = await db.MigrationRuns.AsNoTracking().ToListAsync();
        Assert.Equal(MigrationRunStatus.Completed, Assert.Single(runs).Status);
        Assert.Equal(64, await db.ContentVersions.CountAsync());
        Assert.Equal(38, await db.MediaItems.CountAsync());
        var again = await MigrateAsync(site, request);
        Assert.False(again.Resumed);
        Assert.Equal((0, 64), (again.Articles.Imported, again.Articles.Unchanged));
    }

    [Fact]
    public async Task A_site_built_the_other_way_in_GBK_with_script_pagination_and_text_metadata_migrates_from_a_folder_as_well()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var generated = LegacySiteGenerator.Generate(Directory.CreateTempSubdirectory("sitecluster-legacy-b-").FullName, totalPages: 60);

        var report = await MigrateAsync(site, new MigrationRequest(generated.Folder, NewStateFolder()));

        await AssertGeneratedImportedAsync(tree, generated, report);
    }

    [Fact]
    public async Task A_site_built_the_other_way_migrates_over_HTTP_without_a_charset_header_and_keeps_out_of_what_robots_txt_forbids()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        var generated = LegacySiteGenerator.Generate(Directory.CreateTempSubdirectory("sitecluster-legacy-b-").FullName, totalPages: 60);
        await using var server = await LegacySiteServer.StartAsync(generated.Folder, _ => null, failOnce: ["/col/col1/index_1.html"]);

        var report = await MigrateAsync(site, new MigrationRequest(server.BaseAddress.AbsoluteUri, NewStateFolder()));

        Assert.DoesNotContain(server.Requests, r => r.StartsWith("/search/", StringComparison.Ordinal));
        Assert.True(report.Pages.Disallowed >= 1);
        Assert.Equal(2, server.Requests.Count(r => r == "/col/col1/index_1.html"));
        await AssertGeneratedImportedAsync(tree, generated, report);
    }

    [Fact]
    public async Task The_sites_administrators_read_the_latest_migration_report_in_the_admin_and_editors_do_not()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var site = TestSites.Site(factory.Services, tree.County);
        await MigrateAsync(site, new MigrationRequest(MigrationFixtures.LegacySiteA, NewStateFolder(), DryRun: true));
        await MigrateAsync(site, new MigrationRequest(MigrationFixtures.LegacySiteA, NewStateFolder()));
        const string password = "Test-password-2026";
        var siteAdmin = await LoginAsync(tree, await TestSites.CreateUserAsync(factory.Services, tree.County, password, SiteRole.SiteAdmin), password);
        var editor = await LoginAsync(tree, await TestSites.CreateUserAsync(factory.Services, tree.County, password, SiteRole.Editor), password);

        var page = await siteAdmin.GetStringAsync($"/admin/{tree.County}/migration");

        Assert.Contains("<h1>迁移报告</h1>", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/admin/{tree.County}/migration\">迁移报告</a>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">新导入</th><td>64</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">旧地址跳转（301）</th><td>新建 113，更新 0，无变化 0</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<td>已删除的页面</td><td>旧站返回 404</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>/xxgk/gone/201501/t20150101_1.html</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>财政预决算</td>", page, StringComparison.Ordinal);
        Assert.Contains("试运行（只读取旧网站，未导入）", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/migration\"", await editor.GetStringAsync($"/admin/{tree.County}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync($"/admin/{tree.County}/migration")).StatusCode);
    }

    private async Task<HttpClient> LoginAsync(TestTree tree, string userName, string password)
    {
        var client = factory.Client();
        client.BaseAddress = new Uri($"http://{tree.ProvinceHost}");
        var form = await client.GetStringAsync("/admin/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task AssertGeneratedImportedAsync(TestTree tree, GeneratedSite generated, MigrationReport report)
    {
        var site = TestSites.Site(factory.Services, tree.County);
        var items = await ImportedAsync(site);
        var columns = await ColumnsAsync(site);
        var expectedColumns = new Dictionary<string, string> { ["通知公告"] = "通知公告", ["政策文件"] = "政策文件", ["部门动态"] = "工作动态", ["人事任免"] = "人事信息" };
        Assert.Empty(report.UnmappedColumns);
        Assert.Equal(generated.Articles.Count, report.Articles.Found);
        Assert.Equal(["gb18030"], report.Encodings.Keys);
        var personal = Assert.Single(generated.Articles, a => a.HasPersonalData);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(personal.Path, new Uri(failure.Url).AbsolutePath);
        Assert.Contains("身份证", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(generated.RefusedFiles, report.FailedFiles.Select(f => new Uri(f.Url).PathAndQuery));
        Assert.Contains(report.BrokenLinks, l => l.Target.EndsWith("/art/2015/1/1/art_9_1.html", StringComparison.Ordinal));
        Assert.Equal(generated.Articles.Count - 1, items.Count);

        foreach (var expected in generated.Articles.Where(a => !a.HasPersonalData))
        {
            var item = items[expected.Path];
            Assert.Equal(expected.Title, item.Title);
            Assert.Equal(expectedColumns[expected.Column], columns[item.ColumnId].Name);
            Assert.Equal(expected.Published, item.PublishedAt);
            Assert.Equal((expected.Written, expected.DocumentNumber, expected.Publisher, expected.Source), (item.WrittenDate, item.DocumentNumber, item.Publisher, item.Source));
            if (item.ContentType == "Article")
            {
                Assert.Equal(expected.Author, JsonNode.Parse(item.Fields)!["author"]?.GetValue<string>());
            }

            Assert.Equal(expected.Attachments.Where(a => !generated.RefusedFiles.Contains(a.Path)).Select(a => a.Name), item.Attachments.Select(a => a.Name));
            var body = Body(item);
            var paragraphs = TextParagraphs(body);
            Assert.Equal(expected.Paragraphs, paragraphs.Count);
            Assert.Equal(expected.FirstParagraph, paragraphs[0]);
            Assert.Equal(expected.Images.Count, body.QuerySelectorAll("img").Count(i => i.GetAttribute("src")!.StartsWith("/media/", StringComparison.Ordinal)));
            Assert.DoesNotContain("发文机关", body.TextContent, StringComparison.Ordinal);
            if (expected.LinksTo is { } target)
            {
                var linked = items[target];
                Assert.Equal($"/{columns[linked.ColumnId].Path}/{linked.Id:N}.html", body.QuerySelectorAll("a").Single(a => a.TextContent == linked.Title).GetAttribute("href"));
            }

            AssertNoChrome(item);
        }

        var client = factory.Client();
        foreach (var expected in generated.Articles.Where(a => !a.HasPersonalData).Take(12))
        {
            var item = items[expected.Path];
            var moved = await client.GetAsync($"http://{tree.CountyHost}{expected.Path}");
            Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
            Assert.Equal($"http://{tree.CountyHost}/{columns[item.ColumnId].Path}/{item.Id:N}.html", moved.Headers.Location?.OriginalString);
            Assert.Contains(WebUtility.HtmlEncode(expected.Title), await client.GetStringAsync(moved.Headers.Location), StringComparison.Ordinal);
        }

        var list = await client.GetAsync($"http://{tree.CountyHost}/col/col3/index_1.html");
        Assert.Equal((HttpStatusCode.MovedPermanently, $"http://{tree.CountyHost}/gzdt/"), (list.StatusCode, list.Headers.Location?.OriginalString));
    }

    private async Task AssertFixtureImportedAsync(TestTree tree, Dictionary<string, string> columnNames)
    {
        var site = TestSites.Site(factory.Services, tree.County);
        var items = await ImportedAsync(site);
        var columns = await ColumnsAsync(site);
        Assert.Equal(MigrationFixtures.ExpectedA.Count, items.Count);
        foreach (var expected in MigrationFixtures.ExpectedA)
        {
            var item = items[expected.Path];
            Assert.Equal(ContentStatus.Published, item.Status);
            Assert.Equal((expected.Path, columnNames[expected.ColumnCode]), (expected.Path, columns[item.ColumnId].Name));
            Assert.Equal(expected.Title, item.Title);
            Assert.Equal(expected.Published, DateOnly.FromDateTime(item.PublishedAt!.Value.ToOffset(TimeSpan.FromHours(8)).DateTime));
            Assert.Equal((expected.Written, expected.DocumentNumber, expected.IndexNumber, expected.Publisher), (item.WrittenDate, item.DocumentNumber, item.IndexNumber, item.Publisher));
            Assert.Equal(expected.Attachments.Select(a => a.Name), item.Attachments.Select(a => a.Name));

            var body = Body(item);
            var paragraphs = TextParagraphs(body);
            Assert.Equal(expected.Paragraphs, paragraphs.Count);
            Assert.Equal(expected.FirstParagraph, paragraphs[0]);
            var images = body.QuerySelectorAll("img").Select(i => i.GetAttribute("src")!).ToList();
            Assert.Equal(expected.Images.Count, images.Count);
            Assert.All(images, src => Assert.StartsWith("/media/", src, StringComparison.Ordinal));
            foreach (var (kind, target, text) in expected.Links)
            {
                var href = body.QuerySelectorAll("a").Single(a => a.TextContent == text).GetAttribute("href");
                var wanted = kind switch
                {
                    "internal" => $"/{columns[items[target].ColumnId].Path}/{items[target].Id:N}.html",
                    "external" => target,
                    _ => target,
                };
                Assert.Equal(wanted, href);
            }

            AssertNoChrome(item);
        }
    }

    private async Task AssertOldAddressesRedirectAsync(TestTree tree)
    {
        var site = TestSites.Site(factory.Services, tree.County);
        var items = await ImportedAsync(site);
        var columns = await ColumnsAsync(site);
        var client = factory.Client();
        foreach (var expected in MigrationFixtures.ExpectedA)
        {
            var item = items[expected.Path];
            var moved = await client.GetAsync($"http://{tree.CountyHost}{expected.Path}");
            var newUrl = $"http://{tree.CountyHost}/{columns[item.ColumnId].Path}/{item.Id:N}.html";
            Assert.Equal((expected.Path, HttpStatusCode.MovedPermanently, newUrl), (expected.Path, moved.StatusCode, moved.Headers.Location?.OriginalString));
            var page = await client.GetStringAsync(newUrl);
            Assert.Contains($"<h1>{expected.Title}</h1>", page, StringComparison.Ordinal);
        }

        // The old domain, an alias host of the site, leads to the primary host.
        var first = MigrationFixtures.ExpectedA[0];
        var fromOldDomain = await client.GetAsync($"http://old.{tree.County}.gov.cn{first.Path}");
        Assert.Equal(HttpStatusCode.MovedPermanently, fromOldDomain.StatusCode);
        Assert.StartsWith($"http://{tree.CountyHost}/gzdt/", fromOldDomain.Headers.Location?.OriginalString, StringComparison.Ordinal);

        foreach (var (old, now) in new[] { ("/xxgk/gzdt/index.html", "/gzdt/"), ("/xxgk/gzdt/index_1.html", "/gzdt/"), ("/index.html", "/") })
        {
            var response = await client.GetAsync($"http://{tree.CountyHost}{old}");
            Assert.Equal((old, HttpStatusCode.MovedPermanently, $"http://{tree.CountyHost}{now}"), (old, response.StatusCode, response.Headers.Location?.OriginalString));
        }

        var pdf = await client.GetAsync($"http://{tree.CountyHost}/xxgk/tzgg/201604/P01001_1.pdf");
        Assert.Equal(HttpStatusCode.MovedPermanently, pdf.StatusCode);
        var file = await client.GetAsync(pdf.Headers.Location);
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (file.StatusCode, file.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"http://{tree.CountyHost}/xxgk/gone/201501/t20150101_1.html")).StatusCode);
    }

    private static void AssertNoChrome(ContentItem item)
    {
        foreach (var text in ChromeText)
        {
            Assert.False(item.Body!.Contains(text, StringComparison.Ordinal), $"{item.ImportKey}: the body still holds “{text}”");
        }
    }

    private static IElement Body(ContentItem item) => new HtmlParser().ParseDocument($"<html><body>{item.Body}</body></html>").Body!;

    /// <summary>The body's paragraphs of text (not a line holding only a link or an image).</summary>
    private static List<string> TextParagraphs(IElement body) =>
        [.. body.QuerySelectorAll("p").Where(p => p.QuerySelector("a, img") is null && p.TextContent.Trim().Length > 0).Select(p => p.TextContent)];

    private async Task<Dictionary<string, ContentItem>> ImportedAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems.AsNoTracking()
            .Where(i => i.ImportKey != null && EF.Functions.Like(i.ImportKey, "/%")).ToDictionaryAsync(i => i.ImportKey!);
    }

    private async Task<int> RedirectCountAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().LegacyRedirects.CountAsync();
    }

    /// <summary>Each column's name and path (<c>czxx/ysjs</c>).</summary>
    private async Task<Dictionary<Guid, (string Name, string Path)>> ColumnsAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        var columns = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.AsNoTracking().ToDictionaryAsync(c => c.Id);
        string PathOf(Guid id) => columns[id].ParentId is { } parent ? $"{PathOf(parent)}/{columns[id].Slug}" : columns[id].Slug;
        return columns.Values.ToDictionary(c => c.Id, c => (c.Name, PathOf(c.Id)));
    }

    private Task<MigrationReport> MigrateAsync(SiteInfo site, MigrationRequest request, IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        factory.Services.GetRequiredService<SiteMigrationImporter>().RunAsync(site, request, progress, cancellationToken);

    private static string NewStateFolder() => Directory.CreateTempSubdirectory("sitecluster-migration-state-").FullName;

    private async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        var settings = factory.Database.Settings();
        foreach (var (key, value) in CrawlSettings)
        {
            settings[key] = value;
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, settings);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Cancels the run once it has imported <paramref name="count"/> articles, as an operator's Ctrl+C would.</summary>
    private sealed class StopAt(int count, CancellationTokenSource stop) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value)
        {
            if (value.Phase == MigrationPhase.Importing && value.Done == count)
            {
                stop.Cancel();
            }
        }
    }
}

public sealed class MigrationSqliteFactory() : SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: false, MigrationTests.CrawlSettings);

public sealed class MigrationPostgresFactory() : SiteClusterWebFactory(DatabaseProvider.PostgreSql, demo: false, MigrationTests.CrawlSettings);

public sealed class MigrationSqliteTests(MigrationSqliteFactory factory) : MigrationTests(factory), IClassFixture<MigrationSqliteFactory>;

public sealed class MigrationPostgresTests(MigrationPostgresFactory factory) : MigrationTests(factory), IClassFixture<MigrationPostgresFactory>;
