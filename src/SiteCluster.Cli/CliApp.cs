using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SiteCluster.Core;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Search;
using SiteCluster.Core.SiteMigration;
using SiteCluster.Core.Tenancy;
using Spectre.Console;

namespace SiteCluster.Cli;

/// <summary>
/// The <c>sitecluster</c> command. It reads the same settings as the host: its own
/// <c>appsettings.json</c> (a copy of the host's), then <c>SiteCluster__...</c> environment
/// variables; relative folders are taken from the current directory.
/// </summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInvalidInput = 2;
    public const int ExitInterrupted = 3;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(output, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        var root = new RootCommand("SiteCluster: run a province's government websites from one installation.");
        root.Subcommands.Add(RecipeCommand(console, error, settings));
        root.Subcommands.Add(SiteCommand(console, output, settings));
        root.Subcommands.Add(DbCommand(console, settings));
        root.Subcommands.Add(CatalogueCommand(console, error, settings));
        root.Subcommands.Add(AuditCommand(console, output, error, settings));
        root.Subcommands.Add(MonitorCommand(console, output, error, settings));
        root.Subcommands.Add(UserCommand(console, error, settings));
        root.Subcommands.Add(SearchCommand(console, error, settings));
        root.Subcommands.Add(MigrateCommand(console, error, settings));
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command RecipeCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var file = new Argument<string>("file") { Description = "Recipe file (a path, or a name in the recipes folder)." };
        var apply = new Command("apply", "Validate a recipe, then apply it in one transaction.") { file };
        apply.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var path = scope.ServiceProvider.GetRequiredService<SiteClusterPaths>().ResolveRecipe(parse.GetValue(file)!);
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyFileAsync(path, cancellationToken);
                var table = new Table().AddColumns("#", "step", "created", "updated", "unchanged");
                foreach (var step in result.Steps)
                {
                    table.AddRow($"{step.Index}", step.Name, $"{step.Created}", $"{step.Updated}", $"{step.Unchanged}");
                }

                console.MarkupLineInterpolated($"Applied [bold]{result.Name ?? Path.GetFileName(path)}[/] from {path}");
                console.Write(table);
                console.MarkupLine(result.Changed ? "Changes saved." : "Nothing to change: the cluster already matches the recipe.");
                return ExitOk;
            }
            catch (RecipeException ex)
            {
                await WriteErrorsAsync(error, ex.Errors);
                return ExitInvalidInput;
            }
        });

        var validate = new Command("validate", "Check a recipe against the cluster without changing anything.") { file };
        validate.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var path = scope.ServiceProvider.GetRequiredService<SiteClusterPaths>().ResolveRecipe(parse.GetValue(file)!);
            var errors = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ValidateFileAsync(path, cancellationToken);
            if (errors.Count > 0)
            {
                await WriteErrorsAsync(error, errors);
                return ExitInvalidInput;
            }

            console.MarkupLineInterpolated($"{path}: valid.");
            return ExitOk;
        });

        return new Command("recipe", "Apply or check recipes.") { apply, validate };
    }

    private static Command SiteCommand(IAnsiConsole console, TextWriter output, IDictionary<string, string?>? settings)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var list = new Command("list", "List every site of the cluster.") { json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: false, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            var sites = registry.Current.All;
            if (parse.GetValue(json))
            {
                var items = sites.Select(s => new
                {
                    s.Slug,
                    s.Name,
                    Level = s.Level.ToString(),
                    s.ParentSlug,
                    s.Hosts,
                    s.SiteCode,
                    Status = s.Status.ToString(),
                });
                await output.WriteLineAsync(JsonSerializer.Serialize(items, CliJson.Options));
                return ExitOk;
            }

            var table = new Table().AddColumns("slug", "name", "level", "parent", "site code", "hosts", "status");
            foreach (var s in sites)
            {
                table.AddRow(
                    Markup.Escape(s.Slug),
                    Markup.Escape(s.Name),
                    s.Level.ToString(),
                    Markup.Escape(s.ParentSlug ?? "-"),
                    s.SiteCode,
                    Markup.Escape(string.Join(", ", s.Hosts)),
                    s.Status.ToString());
            }

            console.Write(table);
            console.MarkupLineInterpolated($"{sites.Count} site(s).");
            return ExitOk;
        });
        return new Command("site", "Inspect sites.") { list };
    }

    private static Command DbCommand(IAnsiConsole console, IDictionary<string, string?>? settings)
    {
        var migrate = new Command("migrate", "Create or upgrade the database schema.");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: false, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            console.MarkupLine("Database is up to date.");
            return ExitOk;
        });
        return new Command("db", "Database maintenance.") { migrate };
    }

    private static Command MonitorCommand(IAnsiConsole console, TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var site = new Option<string?>("--site") { Description = "Only this site (its slug); the other sites' findings stay as they are." };
        var run = new Command("run", "Check every active site (or one) by the installed rule set, score it, and keep the findings.") { site, json };
        run.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            SiteInfo? only = null;
            if (parse.GetValue(site) is { } slug && (only = registry.Current.FindBySlug(slug)) is null)
            {
                await error.WriteLineAsync($"No site '{slug}'.");
                return ExitInvalidInput;
            }

            await using var scope = host.Services.CreateAsyncScope();
            MonitoringRunResult result;
            try
            {
                result = await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync(only, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitInvalidInput;
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new
                    {
                        result.RunId,
                        ruleSet = result.RuleSetVersion,
                        sites = result.Sites.Select(s => new
                        {
                            site = s.Site.Slug,
                            name = s.Site.Name,
                            score = s.Score,
                            passed = s.Passed,
                            vetoes = s.Vetoes,
                            findings = s.Problems.Select(p => new { rule = p.RuleCode, target = p.Target, detail = p.Detail }),
                        }),
                    },
                    CliJson.Options));
                return ExitOk;
            }

            var table = new Table().AddColumns("site", "score", "passed", "vetoes", "findings");
            foreach (var s in result.Sites)
            {
                table.AddRow(Markup.Escape(s.Site.Slug), $"{s.Score}", s.Passed ? "yes" : "no", Markup.Escape(string.Join(", ", s.Vetoes)), $"{s.Problems.Count}");
            }

            console.Write(table);
            console.MarkupLineInterpolated($"{result.Sites.Count} sites by {result.RuleSetVersion}; {result.Sites.Count(s => !s.Passed)} failed.");
            return ExitOk;
        });
        return new Command("monitor", "Central monitoring by the national inspection rules.") { run, ProbeCommand(console, error, settings), LinksCommand(console, error, settings) };
    }

    private static Command ProbeCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var site = new Option<string?>("--site") { Description = "Only this site (its slug)." };
        var probe = new Command("probe", "Request every active site's public home page once and record the probes (SiteCluster:Monitoring:PublicBaseUrl).") { site };
        probe.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            var sites = registry.Current.All.Where(s => s.Status == SiteStatus.Active).ToList();
            if (parse.GetValue(site) is { } slug)
            {
                if (sites.FirstOrDefault(s => s.Slug == slug) is not { } only)
                {
                    await error.WriteLineAsync($"No active site '{slug}'.");
                    return ExitInvalidInput;
                }

                sites = [only];
            }

            await using var scope = host.Services.CreateAsyncScope();
            var probes = await scope.ServiceProvider.GetRequiredService<AvailabilityProber>().ProbeAsync(sites, cancellationToken);
            var table = new Table().AddColumns("site", "url", "status", "ms", "error");
            foreach (var p in probes)
            {
                table.AddRow(Markup.Escape(registry.Current.FindById(p.TenantId)?.Slug ?? "?"), Markup.Escape(p.Url), $"{p.StatusCode}", $"{p.LatencyMilliseconds}", Markup.Escape(p.Error ?? string.Empty));
            }

            console.Write(table);
            console.MarkupLineInterpolated($"{probes.Count} sites probed; {probes.Count(p => !p.Succeeded)} failed.");
            return ExitOk;
        });
        return probe;
    }

    private static Command LinksCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var site = new Option<string>("--site") { Description = "The site whose links to check (its slug).", Required = true };
        var minutes = new Option<int>("--minutes") { Description = "Stop after this many minutes; the next run continues the pass.", DefaultValueFactory = _ => 15 };
        var links = new Command("links", "Check one site's links (internal and external) with the polite crawler; resumes an unfinished pass.") { site, minutes };
        links.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            if (registry.Current.FindBySlug(parse.GetValue(site)!) is not { Status: SiteStatus.Active } only)
            {
                await error.WriteLineAsync($"No active site '{parse.GetValue(site)}'.");
                return ExitInvalidInput;
            }

            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<LinkChecker>().CheckAsync(only, TimeSpan.FromMinutes(Math.Max(1, parse.GetValue(minutes))), cancellationToken: cancellationToken);
            console.MarkupLineInterpolated($"{result.PagesChecked} pages and {result.LinksChecked} links checked; {result.Broken} broken; pass {(result.PassCompleted ? "complete" : "continues next run")}.");
            return ExitOk;
        });
        return links;
    }

    private static Command AuditCommand(IAnsiConsole console, TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var site = new Option<string>("--site") { Description = "The site whose log to read (its slug).", Required = true };
        var item = new Option<string?>("--entity") { Description = "Only entries for this row id (for example a content item's id)." };
        var action = new Option<AuditAction?>("--action") { Description = "Only this action, e.g. Published or PersonalDataOverride." };
        var actor = new Option<string?>("--actor") { Description = "Only entries by this actor, e.g. user:admin." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this time." };
        var take = new Option<int>("--take") { Description = "How many entries, newest first.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var list = new Command("list", "Read a site's audit log, newest first.") { site, item, action, actor, since, take, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: false, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            if (registry.Current.FindBySlug(parse.GetValue(site)!) is not { } found)
            {
                await error.WriteLineAsync($"No site '{parse.GetValue(site)}'.");
                return ExitInvalidInput;
            }

            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSite(found);
            var query = new AuditQuery(
                EntityId: parse.GetValue(item), Action: parse.GetValue(action), Actor: parse.GetValue(actor), From: parse.GetValue(since), Take: parse.GetValue(take));
            var (entries, total) = await scope.ServiceProvider.GetRequiredService<AuditLog>().QueryAsync(query, cancellationToken);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    entries.Select(e => new { e.At, e.Actor, Action = e.Action.ToString(), e.EntityType, e.EntityId, e.Before, e.After }), CliJson.Options));
                return ExitOk;
            }

            var table = new Table().AddColumns("at", "actor", "action", "entity", "id", "after");
            foreach (var e in entries)
            {
                table.AddRow(
                    BeijingTime.Format(e.At, "yyyy-MM-dd HH:mm:ss"),
                    Markup.Escape(e.Actor),
                    e.Action.ToString(),
                    Markup.Escape(e.EntityType),
                    Markup.Escape(e.EntityId),
                    Markup.Escape(e.After is { Length: > 80 } after ? after[..80] + "…" : e.After ?? string.Empty));
            }

            console.Write(table);
            console.MarkupLineInterpolated($"{entries.Count} of {total} entr{(total == 1 ? "y" : "ies")}.");
            return ExitOk;
        });

        var purge = new Command("purge", "Delete audit entries older than SiteCluster:Audit:RetentionDays.");
        purge.SetAction(async (_, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var deleted = await scope.ServiceProvider.GetRequiredService<AuditLog>().PurgeAsync(cancellationToken);
            console.MarkupLineInterpolated($"Deleted {deleted} audit entr{(deleted == 1 ? "y" : "ies")} past the retention period.");
            return ExitOk;
        });
        return new Command("audit", "The audit log.") { list, purge };
    }

    private static Command SearchCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var site = new Option<string?>("--site") { Description = "Only this site (its slug); otherwise the whole index." };
        var rebuild = new Command("rebuild", "Rebuild the search index from the database: one site, or every site. With the Lucene index, stop the host first.") { site };
        rebuild.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            Guid? siteId = null;
            if (parse.GetValue(site) is { } slug)
            {
                if (registry.Current.FindBySlug(slug) is not { } found)
                {
                    await error.WriteLineAsync($"No site '{slug}'.");
                    return ExitInvalidInput;
                }

                siteId = found.Id;
            }

            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var written = await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RebuildAsync(siteId, cancellationToken);
                var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                console.MarkupLineInterpolated($"Indexed {written} entr{(written == 1 ? "y" : "ies")} for {(siteId is null ? $"{registry.Current.All.Count} sites" : parse.GetValue(site))} in {seconds:0.0} s.");
                return ExitOk;
            }
            catch (SearchIndexLockedException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitInvalidInput;
            }
        });
        return new Command("search", "The search index.") { rebuild };
    }

    private static Command MigrateCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var site = new Option<string>("--site") { Description = "The site to import into (its slug).", Required = true };
        var source = new Option<string>("--source") { Description = "The old site: an http(s) address to crawl, or a folder holding a saved mirror.", Required = true };
        var mapping = new Option<string?>("--mapping") { Description = "Column mapping file: a dry run writes it, a real run reads it (without it, the proposals are used)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the old site and write the mapping and the report; import nothing." };
        var report = new Option<string?>("--report") { Description = "Write the report as JSON to this file." };
        var state = new Option<string?>("--state") { Description = "Folder for the run's state (default: migrations/{site} in the data directory)." };
        var restart = new Option<bool>("--restart") { Description = "Start afresh instead of continuing an interrupted run." };
        var oldHost = new Option<string?>("--old-host") { Description = "The old site's host name, when reading a mirror (its absolute links then count as its own)." };
        var migrate = new Command("migrate", "Import an old website into a site: articles, files, columns, and 301s from its old addresses.")
        {
            site, source, mapping, dryRun, report, state, restart, oldHost,
        };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            var registry = host.Services.GetRequiredService<ISiteRegistry>();
            await registry.ReloadAsync(cancellationToken);
            if (registry.Current.FindBySlug(parse.GetValue(site)!) is not { } target)
            {
                await error.WriteLineAsync($"No site '{parse.GetValue(site)}'.");
                return ExitInvalidInput;
            }

            var paths = host.Services.GetRequiredService<SiteClusterPaths>();
            var request = new MigrationRequest(
                parse.GetValue(source)!,
                parse.GetValue(state) is { } folder ? Path.GetFullPath(folder) : Path.Combine(paths.DataDirectory, "migrations", target.Slug),
                parse.GetValue(mapping) is { } file ? Path.GetFullPath(file) : null,
                parse.GetValue(dryRun),
                parse.GetValue(restart),
                parse.GetValue(oldHost));
            var importer = host.Services.GetRequiredService<SiteMigrationImporter>();
            MigrationReport result;
            try
            {
                result = await MigrationProgressDisplay.RunAsync(console, progress => importer.RunAsync(target, request, progress, cancellationToken));
            }
            catch (MigrationInputException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitInvalidInput;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync($"Interrupted. Run the same command again to continue (state in {request.StateFolder}).");
                return ExitInterrupted;
            }

            if (parse.GetValue(report) is { } reportFile)
            {
                await File.WriteAllTextAsync(reportFile, result.ToJson(), cancellationToken);
            }

            MigrationProgressDisplay.Summary(console, result, parse.GetValue(report));
            return ExitOk;
        });
        return migrate;
    }

    private static Command UserCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var name = new Argument<string>("user") { Description = "The account's user name." };
        var password = new Command("password", "Set an account's password, read from SITECLUSTER_PASSWORD or the first line of standard input; never from the command line.") { name };
        password.SetAction(async (parse, cancellationToken) =>
        {
            var secret = Environment.GetEnvironmentVariable("SITECLUSTER_PASSWORD") ?? await Console.In.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(secret))
            {
                await error.WriteLineAsync("Give the password in SITECLUSTER_PASSWORD or on standard input.");
                return ExitInvalidInput;
            }

            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SiteUser>>();
            var user = await users.FindByNameAsync(parse.GetValue(name)!);
            if (user is null)
            {
                await error.WriteLineAsync($"No account '{parse.GetValue(name)}'.");
                return ExitInvalidInput;
            }

            var valid = await Task.WhenAll(users.PasswordValidators.Select(v => v.ValidateAsync(users, user, secret)));
            var result = valid.FirstOrDefault(r => !r.Succeeded)
                ?? (await users.HasPasswordAsync(user) ? await users.RemovePasswordAsync(user) : IdentityResult.Success);
            result = result.Succeeded ? await users.AddPasswordAsync(user, secret) : result;
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
                return ExitInvalidInput;
            }

            await users.SetLockoutEndDateAsync(user, null);
            console.MarkupLineInterpolated($"Password of {user.UserName} set.");
            return ExitOk;
        });
        return new Command("user", "Accounts.") { password };
    }

    private static Command CatalogueCommand(IAnsiConsole console, TextWriter error, IDictionary<string, string?>? settings)
    {
        var file = new Argument<string>("file") { Description = "Catalogue file (a path, or a name in the recipes folder)." };
        var diff = new Command("diff", "Show what installing a catalogue version would change on every site, without changing anything.") { file };
        diff.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await StartAsync(settings, migrate: true, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var path = scope.ServiceProvider.GetRequiredService<SiteClusterPaths>().ResolveRecipe(parse.GetValue(file)!);
            if (!File.Exists(path))
            {
                await WriteErrorsAsync(error, [new RecipeError(path, 0, null, null, "does not exist")], "Nothing was compared.");
                return ExitInvalidInput;
            }

            var (definition, problems) = CatalogueReader.Read(await File.ReadAllTextAsync(path, cancellationToken));
            if (definition is null)
            {
                await WriteErrorsAsync(error, [.. problems.Select(p => new RecipeError(path, 0, null, p.Field, p.Message))], "Nothing was compared.");
                return ExitInvalidInput;
            }

            using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("catalogue diff");
            var changes = await scope.ServiceProvider.GetRequiredService<CatalogueService>().DiffAsync(definition, cancellationToken);
            console.MarkupLineInterpolated($"Catalogue {definition.Version} ({path}) against the installed catalogue:");
            if (changes.Count == 0)
            {
                console.MarkupLine("No changes.");
                return ExitOk;
            }

            var table = new Table().AddColumns("change", "code", "name", "detail", "columns affected");
            foreach (var change in changes)
            {
                table.AddRow(change.Kind.ToString(), Markup.Escape(change.Code), Markup.Escape(change.Name), Markup.Escape(change.Detail), $"{change.ColumnsAffected}");
            }

            console.Write(table);
            console.MarkupLineInterpolated($"{changes.Count} change(s). Apply with a recipe step {{\"name\": \"catalogue\", \"file\": \"...\"}}.");
            return ExitOk;
        });
        return new Command("catalogue", "The standard disclosure catalogue.") { diff };
    }

    private static async Task WriteErrorsAsync(TextWriter error, IReadOnlyList<RecipeError> errors, string outcome = "The recipe was not applied; nothing was changed.")
    {
        await error.WriteLineAsync($"{outcome} {errors.Count} error(s):");
        foreach (var e in errors)
        {
            await error.WriteLineAsync($"  {e}");
        }
    }

    private static async Task<IHost> StartAsync(IDictionary<string, string?>? settings, bool migrate, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            DisableDefaults = true,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSiteClusterCore(builder.Configuration, builder.Environment.ContentRootPath);
        var host = builder.Build();
        if (migrate)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        }

        return host;
    }
}

internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
