using System.Text.Json;
using Microsoft.Data.Sqlite;
using SiteCluster.Cli;
using SiteCluster.Core;
using SiteCluster.Core.Search;
using SiteCluster.Core.Search.Lucene;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>The <c>sitecluster</c> command, run in-process against a database of its own.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_recipe_with_a_mistake_in_its_third_step_prints_file_step_and_field_and_changes_nothing()
    {
        var s = TestSites.NewSuffix();
        var file = Path.Combine(_database.DataDirectory, "broken.json");
        await File.WriteAllTextAsync(file, $$"""
            { "name": "broken", "steps": [
              { "name": "sites", "sites": [ { "slug": "p{{s}}", "name": "省", "level": "Province", "siteCode": "{{TestSites.NewSiteCode()}}", "organiser": "办公厅" } ] },
              { "name": "sites", "sites": [ { "slug": "c{{s}}", "parent": "p{{s}}", "name": "市", "level": "City", "siteCode": "{{TestSites.NewSiteCode()}}", "organiser": "办公室" } ] },
              { "name": "sites", "sites": [ { "slug": "x{{s}}", "parent": "c{{s}}", "name": "县", "level": "County", "siteCode": "53-09", "organiser": "办公室" } ] }
            ] }
            """);

        var (exit, _, error) = await RunAsync("recipe", "apply", file);
        var (_, list, _) = await RunAsync("site", "list", "--json");

        Assert.Equal(CliApp.ExitInvalidInput, exit);
        Assert.Contains($"{file}: step 3 (sites), field 'sites[0].siteCode'", error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", error, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(list).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Apply_then_list_then_apply_again_reports_nothing_to_change()
    {
        var (json, tree) = TestSites.TreeRecipe();
        var file = Path.Combine(_database.DataDirectory, "tree.json");
        await File.WriteAllTextAsync(file, json);

        var first = await RunAsync("recipe", "apply", file);
        var (_, list, _) = await RunAsync("site", "list", "--json");
        var second = await RunAsync("recipe", "apply", file);
        var (_, table, _) = await RunAsync("site", "list");

        Assert.Equal(0, first.Exit);
        Assert.Contains("Changes saved.", first.Output, StringComparison.Ordinal);
        var slugs = JsonDocument.Parse(list).RootElement.EnumerateArray().Select(e => e.GetProperty("slug").GetString()).ToList();
        Assert.Equal([tree.Province, tree.City, tree.County], slugs);
        Assert.Equal(0, second.Exit);
        Assert.Contains("Nothing to change", second.Output, StringComparison.Ordinal);
        Assert.Contains(tree.CountyHost, table, StringComparison.Ordinal);
        Assert.Contains("3 site(s).", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_purge_keeps_entries_within_the_retention_period()
    {
        var (json, _) = TestSites.TreeRecipe();
        var file = Path.Combine(_database.DataDirectory, "tree.json");
        await File.WriteAllTextAsync(file, json);
        await RunAsync("recipe", "apply", file);

        var (exit, output, _) = await RunAsync("audit", "purge");

        Assert.Equal(0, exit);
        Assert.Contains("Deleted 0 audit entries", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_run_prints_a_score_for_every_site_of_the_demo_cluster()
    {
        await RunAsync("recipe", "apply", "demo-cluster.json");
        var (_, list, _) = await RunAsync("site", "list", "--json");

        var (exit, output, error) = await RunAsync("monitor", "run", "--json");

        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("national-2019", report.GetProperty("ruleSet").GetString());
        var scored = report.GetProperty("sites").EnumerateArray().ToDictionary(s => s.GetProperty("site").GetString()!, s => s.GetProperty("score").GetDecimal());
        var sites = JsonDocument.Parse(list).RootElement.EnumerateArray().Select(e => e.GetProperty("slug").GetString()!).ToList();
        Assert.Equal(sites.Order(), scored.Keys.Order());
        Assert.All(scored.Values, score => Assert.InRange(score, 0m, 100m));
    }

    [Fact]
    public async Task Monitor_run_for_one_site_scores_only_that_site_and_leaves_the_other_sites_findings_as_they_were()
    {
        await RunAsync("recipe", "apply", "demo-cluster.json");
        await RunAsync("monitor", "run");
        var before = await OpenFindingsAsync();

        var (exit, output, error) = await RunAsync("monitor", "run", "--site", "fengqing", "--json");
        var unknown = await RunAsync("monitor", "run", "--site", "nosuch");

        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        var run = report.GetProperty("runId").GetGuid();
        var site = Assert.Single(report.GetProperty("sites").EnumerateArray());
        Assert.Equal("fengqing", site.GetProperty("site").GetString());
        Assert.NotEmpty(site.GetProperty("findings").EnumerateArray());
        var after = await OpenFindingsAsync();
        Assert.Equal(before.Where(f => f.Site != "fengqing"), after.Where(f => f.Site != "fengqing"));
        Assert.All(after.Where(f => f.Site == "fengqing"), f => Assert.Equal(run, f.LastRun));
        Assert.Equal(CliApp.ExitInvalidInput, unknown.Exit);
        Assert.Contains("No site 'nosuch'.", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_probe_records_a_site_that_does_not_answer_and_monitor_links_refuses_an_unknown_site()
    {
        var (json, tree) = TestSites.TreeRecipe();
        var file = Path.Combine(_database.DataDirectory, "probe-tree.json");
        await File.WriteAllTextAsync(file, json);
        await RunAsync("recipe", "apply", file);

        // Nothing listens on port 1 of the loopback address: the connection is refused at once.
        var settings = new Dictionary<string, string?>(_database.Settings()) { ["SiteCluster:Monitoring:PublicBaseUrl"] = "http://127.0.0.1:1/{slug}/", ["SiteCluster:Crawling:MaxRetries"] = "0" };
        var (exit, output, error) = await RunAsync(settings, "monitor", "probe", "--site", tree.County);
        var links = await RunAsync(settings, "monitor", "links", "--site", tree.County, "--minutes", "1");
        var unknown = await RunAsync(settings, "monitor", "links", "--site", "nosuch");

        Assert.True(exit == 0, error);
        Assert.Contains("1 sites probed; 1 failed.", output, StringComparison.Ordinal);
        Assert.True(links.Exit == 0, links.Error);
        Assert.Contains("0 broken; pass complete.", links.Output, StringComparison.Ordinal);
        Assert.Equal(CliApp.ExitInvalidInput, unknown.Exit);
        Assert.Contains("No active site 'nosuch'.", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_list_reads_one_sites_log_filtered_by_action()
    {
        await RunAsync("recipe", "apply", "demo-cluster.json");

        var (exit, output, error) = await RunAsync("audit", "list", "--site", "lincang-mzj", "--action", "Published", "--json");
        var missing = await RunAsync("audit", "list", "--site", "no-such-site");

        Assert.True(exit == 0, error);
        var entries = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(7, entries.Count);
        Assert.All(entries, e => Assert.Equal(("recipe:demo-cluster.json", "Published", "ContentItem"),
            (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString(), e.GetProperty("entityType").GetString())));
        Assert.Contains(entries, e => e.GetProperty("after").GetString()!.Contains("000014349/2018-00001", StringComparison.Ordinal));
        Assert.Equal(2, missing.Exit);
    }

    [Fact]
    public async Task Db_migrate_creates_the_database_and_can_run_again()
    {
        var first = await RunAsync("db", "migrate");
        var second = await RunAsync("db", "migrate");

        Assert.Equal((0, 0), (first.Exit, second.Exit));
        Assert.True(File.Exists(Path.Combine(_database.DataDirectory, "sitecluster.db")));
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_rebuild_indexes_every_site_from_the_database_and_refuses_while_another_process_holds_the_index()
    {
        await RunAsync("recipe", "apply", "demo-cluster.json");

        var all = await RunAsync("search", "rebuild");
        var one = await RunAsync("search", "rebuild", "--site", "lincang-mzj");
        var unknown = await RunAsync("search", "rebuild", "--site", "nosuch");
        var folder = Path.Combine(_database.DataDirectory, "search");
        (int Exit, string Output, string Error) locked;
        IReadOnlyList<string> titles;
        using (var index = new LuceneSearchIndex(folder))
        {
            locked = await RunAsync("search", "rebuild");
            var results = await index.SearchAsync(new SearchQuery { Text = "临民发〔2018〕12号" }, default);
            titles = [.. results.Hits.Select(h => h.Document.Title)];
        }

        Assert.True(all.Exit == 0, all.Error);
        Assert.Matches(@"Indexed \d+ entries for 10 sites", all.Output);
        Assert.Matches(@"Indexed \d+ entries for lincang-mzj", one.Output);
        Assert.Equal((CliApp.ExitInvalidInput, "No site 'nosuch'."), (unknown.Exit, unknown.Error.Trim()));
        Assert.Equal(CliApp.ExitInvalidInput, locked.Exit);
        Assert.Contains("open in another process", locked.Error, StringComparison.Ordinal);
        Assert.Equal("临沧市民政局关于全面推进民政政务公开工作实施方案", titles[0]);
    }

    [Fact]
    public async Task The_bundled_demo_recipe_validates()
    {
        await RunAsync("db", "migrate");

        var (exit, output, error) = await RunAsync("recipe", "validate", "demo-cluster.json");

        Assert.True(exit == 0, error);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(_database.Settings(), args);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, settings);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Every open monitoring finding, read straight from the database: its site's slug, rule, target and the run that last saw it.</summary>
    private async Task<List<(string Site, string Rule, string Target, Guid LastRun)>> OpenFindingsAsync()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s."Slug", f."RuleCode", f."Target", f."LastRunId" FROM "MonitoringFindings" f JOIN "Sites" s ON s."Id" = f."TenantId"
            WHERE f."ResolvedAt" IS NULL ORDER BY s."Slug", f."RuleCode", f."Target"
            """;
        var findings = new List<(string, string, string, Guid)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            findings.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), Guid.Parse(reader.GetString(3))));
        }

        return findings;
    }
}
