using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SiteCluster.Core.SiteMigration;

/// <summary>
/// What one migration run found and did: written as JSON by <c>--report</c>, kept in the
/// database for the admin's 迁移报告 page, summed up as a table by the command.
/// </summary>
public sealed class MigrationReport
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public required string Site { get; set; }

    public required string Source { get; set; }

    public bool DryRun { get; set; }

    /// <summary>This run continued one that was interrupted.</summary>
    public bool Resumed { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public double Seconds { get; set; }

    /// <summary>The column mapping the run used, or (dry run) wrote.</summary>
    public string? MappingFile { get; set; }

    public PageCounts Pages { get; set; } = new();

    public ArticleCounts Articles { get; set; } = new();

    public FileCounts Attachments { get; set; } = new();

    public FileCounts Images { get; set; } = new();

    public RedirectCounts Redirects { get; set; } = new();

    /// <summary>How many pages were read in each encoding (utf-8, gb18030…).</summary>
    public SortedDictionary<string, int> Encodings { get; set; } = new(StringComparer.Ordinal);

    public List<ColumnReport> Columns { get; set; } = [];

    /// <summary>Old columns no column of the site was chosen for: their articles went to the holding column.</summary>
    public List<ColumnReport> UnmappedColumns { get; set; } = [];

    /// <summary>Articles that could not be imported, with the reason.</summary>
    public List<MigrationProblem> Failures { get; set; } = [];

    /// <summary>Pages of the old site that could not be read.</summary>
    public List<MigrationProblem> FailedPages { get; set; } = [];

    /// <summary>Files (attachments, images) that could not be copied.</summary>
    public List<MigrationProblem> FailedFiles { get; set; } = [];

    /// <summary>Links between old pages whose target was missing or not imported.</summary>
    public List<BrokenLink> BrokenLinks { get; set; } = [];

    /// <summary>Imported articles that lack something their content type asks for before the next publish.</summary>
    public List<IncompleteArticle> Incomplete { get; set; } = [];

    public static MigrationReport? Parse(string json) => JsonSerializer.Deserialize<MigrationReport>(json, Json);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed class PageCounts
{
    /// <summary>Pages fetched (or read from the mirror), successful or not.</summary>
    public int Seen { get; set; }

    public int Lists { get; set; }

    public int Articles { get; set; }

    public int Other { get; set; }

    public int Failed { get; set; }

    /// <summary>Addresses robots.txt did not allow.</summary>
    public int Disallowed { get; set; }

    /// <summary>True when the crawl stopped at <c>SiteCluster:Migration:MaxPages</c>.</summary>
    public bool LimitReached { get; set; }
}

public sealed class ArticleCounts
{
    public int Found { get; set; }

    public int Imported { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Edited or withdrawn on the new site since their import: left alone.</summary>
    public int KeptLocalChanges { get; set; }

    public int Failed { get; set; }
}

public sealed class FileCounts
{
    /// <summary>Copied into the site's media library this run.</summary>
    public int Copied { get; set; }

    /// <summary>Already in the media library (same content and name): used again.</summary>
    public int Reused { get; set; }

    public int Failed { get; set; }
}

public sealed class RedirectCounts
{
    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }
}

/// <summary>An old column and where its articles went.</summary>
public sealed class ColumnReport
{
    public required string Name { get; set; }

    /// <summary>Path of its first list page on the old site.</summary>
    public required string Url { get; set; }

    /// <summary>Path of the site's column (<c>zcwj/bjwj</c>); null for the holding column.</summary>
    public string? Target { get; set; }

    public string? TargetName { get; set; }

    public int Articles { get; set; }
}

public sealed record MigrationProblem(string Url, string Reason, string? Title = null, string? Page = null);

public sealed record BrokenLink(string Page, string Target, string Text, string Reason);

public sealed record IncompleteArticle(string Url, string Title, IReadOnlyList<string> Missing);
