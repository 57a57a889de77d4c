using System.Text.Json;

namespace SiteCluster.Core.SiteMigration;

/// <summary>What became of one article in a run, kept so an interrupted run can continue.</summary>
public sealed record ArticleOutcomeRecord(string Url, string Outcome, Guid? ItemId, string? Reason, string Title, IReadOnlyList<string>? Missing = null);

/// <summary>The id an article's new item gets.</summary>
public sealed record ItemIdRecord(string Url, Guid Id);

/// <summary>A file copied (or not) in a run: the media it became, or why it failed.</summary>
public sealed record FileRecord(string Url, Guid? MediaId, string? Name, bool Reused, string? Error);

/// <summary>
/// The state folder of a site's migration: <c>run.json</c> (which run, from which source),
/// <c>pages.jsonl</c> (each page read, with what it leads to), <c>articles.jsonl</c> and
/// <c>files.jsonl</c> (what each import did), <c>items.jsonl</c> (the ids new items get). Lines are appended and flushed one at a time, so
/// an interrupted run loses at most the line being written; a run with the same source and
/// mode continues from them, a finished run's state is cleared by the next.
/// </summary>
internal sealed class MigrationState : IDisposable
{
    private const string RunFile = "run.json";
    private const string PagesFile = "pages.jsonl";
    private const string ArticlesFile = "articles.jsonl";
    private const string FilesFile = "files.jsonl";
    private const string ItemsFile = "items.jsonl";

    private static readonly JsonSerializerOptions Line = new(MigrationReport.Json) { WriteIndented = false };

    private readonly string _folder;
    private readonly StreamWriter _pages;
    private readonly StreamWriter _articles;
    private readonly StreamWriter _files;
    private readonly StreamWriter _items;

    private MigrationState(string folder, RunInfo run, bool resumed)
    {
        _folder = folder;
        Run = run;
        Resumed = resumed;
        if (resumed)
        {
            Pages = ReadLines<LegacyPage>(PagesFile);
            Articles = ReadLines<ArticleOutcomeRecord>(ArticlesFile).ToDictionary(a => a.Url);
            Files = ReadLines<FileRecord>(FilesFile).ToDictionary(f => f.Url);
            ItemIds = ReadLines<ItemIdRecord>(ItemsFile).ToDictionary(i => i.Url, i => i.Id);
        }

        _pages = Append(PagesFile);
        _articles = Append(ArticlesFile);
        _files = Append(FilesFile);
        _items = Append(ItemsFile);
    }

    public sealed record RunInfo(Guid RunId, string Source, bool DryRun, DateTimeOffset StartedAt, bool Completed);

    public RunInfo Run { get; private set; }

    public bool Resumed { get; }

    public List<LegacyPage> Pages { get; } = [];

    public Dictionary<string, ArticleOutcomeRecord> Articles { get; } = [];

    public Dictionary<string, FileRecord> Files { get; } = [];

    /// <summary>The ids given to articles that had no item yet, so links written before an interruption still lead to them.</summary>
    public Dictionary<string, Guid> ItemIds { get; } = [];

    /// <summary>Continues the unfinished run of the same source and mode, or starts afresh.</summary>
    public static MigrationState Open(string folder, string source, bool dryRun, bool restart, DateTimeOffset now)
    {
        Directory.CreateDirectory(folder);
        var runFile = Path.Combine(folder, RunFile);
        RunInfo? previous = null;
        if (File.Exists(runFile))
        {
            try
            {
                previous = JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(runFile), MigrationReport.Json);
            }
            catch (JsonException)
            {
                previous = null;
            }
        }

        if (!restart && previous is { Completed: false } && previous.Source == source && previous.DryRun == dryRun)
        {
            return new MigrationState(folder, previous, resumed: true);
        }

        foreach (var file in new[] { PagesFile, ArticlesFile, FilesFile, ItemsFile })
        {
            File.Delete(Path.Combine(folder, file));
        }

        var run = new RunInfo(Guid.CreateVersion7(), source, dryRun, now, Completed: false);
        File.WriteAllText(runFile, JsonSerializer.Serialize(run, MigrationReport.Json));
        return new MigrationState(folder, run, resumed: false);
    }

    public void Add(LegacyPage page) => Write(_pages, page);

    public void Add(ArticleOutcomeRecord article)
    {
        Articles[article.Url] = article;
        Write(_articles, article);
    }

    public void Add(FileRecord file)
    {
        Files[file.Url] = file;
        Write(_files, file);
    }

    public void AddItemId(string url, Guid id)
    {
        ItemIds[url] = id;
        Write(_items, new ItemIdRecord(url, id));
    }

    public void MarkCompleted()
    {
        Run = Run with { Completed = true };
        File.WriteAllText(Path.Combine(_folder, RunFile), JsonSerializer.Serialize(Run, MigrationReport.Json));
    }

    public void Dispose()
    {
        _pages.Dispose();
        _articles.Dispose();
        _files.Dispose();
        _items.Dispose();
    }

    private static void Write<T>(StreamWriter writer, T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, Line));
        writer.Flush();
    }

    private StreamWriter Append(string name) => new(Path.Combine(_folder, name), append: true, new System.Text.UTF8Encoding(false));

    private List<T> ReadLines<T>(string name)
    {
        var path = Path.Combine(_folder, name);
        var values = new List<T>();
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<T>(line, Line) is { } value)
                {
                    values.Add(value);
                }
            }
            catch (JsonException)
            {
                // The line an interruption cut short: that page or import is simply done again.
            }
        }

        return values;
    }
}
