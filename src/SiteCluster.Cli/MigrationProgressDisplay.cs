using System.Globalization;
using SiteCluster.Core.SiteMigration;
using Spectre.Console;

namespace SiteCluster.Cli;

/// <summary>
/// The migration's progress while it runs (Spectre.Console bars on a terminal, plain lines
/// when the output is redirected) and its summary table afterwards.
/// </summary>
internal static class MigrationProgressDisplay
{
    public static async Task<MigrationReport> RunAsync(IAnsiConsole console, Func<IProgress<MigrationProgress>, Task<MigrationReport>> run)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return await run(new PlainProgress(console));
        }

        MigrationReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var crawling = context.AddTask("Reading the old site");
                var importing = context.AddTask("Importing articles", autoStart: false);
                report = await run(new BarProgress(crawling, importing));
                crawling.Value = crawling.MaxValue;
                importing.Value = importing.MaxValue;
            });
        return report!;
    }

    public static void Summary(IAnsiConsole console, MigrationReport report, string? reportFile)
    {
        var table = new Table().AddColumns("", "count");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        string Files(FileCounts f) => $"{f.Copied} copied, {f.Reused} reused, {f.Failed} failed";
        Row("pages read", $"{report.Pages.Seen} ({report.Pages.Lists} lists, {report.Pages.Articles} articles, {report.Pages.Failed} failed, {report.Pages.Disallowed} disallowed by robots.txt)");
        Row("articles found", $"{report.Articles.Found}");
        Row("imported", $"{report.Articles.Imported}");
        Row("updated", $"{report.Articles.Updated}");
        Row("unchanged", $"{report.Articles.Unchanged}");
        Row("kept local edits", $"{report.Articles.KeptLocalChanges}");
        Row("failed", $"{report.Articles.Failed}");
        Row("attachments", Files(report.Attachments));
        Row("images", Files(report.Images));
        Row("redirects", $"{report.Redirects.Created} created, {report.Redirects.Updated} updated, {report.Redirects.Unchanged} unchanged");
        Row("unmapped columns", report.UnmappedColumns.Count == 0 ? "0" : $"{report.UnmappedColumns.Count}: {string.Join(", ", report.UnmappedColumns.Select(c => c.Name))}");
        Row("broken links", $"{report.BrokenLinks.Count}");
        Row("incomplete for their type", $"{report.Incomplete.Count}");
        Row("encodings", string.Join(", ", report.Encodings.Select(e => $"{e.Key} {e.Value}")));
        Row("seconds", report.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        console.MarkupLineInterpolated($"{(report.DryRun ? "Dry run of" : "Migration of")} {report.Source} into {report.Site}{(report.Resumed ? " (continued)" : string.Empty)}:");
        console.Write(table);

        var columns = new Table().AddColumns("old column", "path", "articles", "goes to");
        foreach (var column in report.Columns)
        {
            columns.AddRow(Markup.Escape(column.Name), Markup.Escape(column.Url), $"{column.Articles}", Markup.Escape(column.Target is null ? $"({column.TargetName ?? "holding column"})" : $"{column.TargetName} ({column.Target})"));
        }

        console.Write(columns);
        foreach (var failure in report.Failures.Take(20))
        {
            console.MarkupLineInterpolated($"[red]failed[/] {Address(failure.Url)}: {failure.Reason}");
        }

        if (report.Failures.Count > 20)
        {
            console.MarkupLineInterpolated($"… {report.Failures.Count - 20} more failures in the report.");
        }

        if (report.DryRun)
        {
            console.MarkupLineInterpolated($"Nothing was imported. Mapping written to {report.MappingFile}: edit each column's target, then run without --dry-run and with --mapping.");
        }

        if (reportFile is not null)
        {
            console.MarkupLineInterpolated($"Report written to {reportFile}.");
        }
    }

    /// <summary>An old address as the operator knows it: a mirror read without its host name shows its path.</summary>
    private static string Address(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.EndsWith(".invalid", StringComparison.Ordinal) ? uri.PathAndQuery : url;

    private sealed class BarProgress(ProgressTask crawling, ProgressTask importing) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value)
        {
            var task = value.Phase == MigrationPhase.Crawling ? crawling : importing;
            if (value.Phase != MigrationPhase.Crawling && !importing.IsStarted)
            {
                crawling.Value = crawling.MaxValue;
                importing.StartTask();
            }

            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }

    /// <summary>A line when a phase starts, every tenth of the way (or 500 items) and when it ends.</summary>
    private sealed class PlainProgress(IAnsiConsole console) : IProgress<MigrationProgress>
    {
        private MigrationPhase? _phase;
        private int _printed;

        public void Report(MigrationProgress value)
        {
            if (value.Phase != _phase)
            {
                _phase = value.Phase;
                _printed = 0;
            }

            var step = Math.Clamp(value.Total / 10, 1, 500);
            if (value.Phase == MigrationPhase.Finishing || (value.Done - _printed < step && value.Done != value.Total))
            {
                return;
            }

            _printed = value.Done;
            console.WriteLine(value.Phase == MigrationPhase.Crawling
                ? $"reading: {value.Done} pages read, {value.Total} found"
                : $"importing: {value.Done} of {value.Total} articles");
        }
    }
}
