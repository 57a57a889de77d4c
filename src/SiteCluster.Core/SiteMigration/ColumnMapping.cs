using System.Text.Json;

namespace SiteCluster.Core.SiteMigration;

/// <summary>
/// The mapping file: for each old column (name and path), the column of the site its
/// articles go to. The dry run writes it with proposals; the operator edits <c>target</c> (a
/// column path from <see cref="Targets"/>, or null for the holding column) and optionally
/// <c>contentType</c>; the real run uses it.
/// </summary>
public sealed class ColumnMapping
{
    public string? Site { get; set; }

    public string? Source { get; set; }

    public List<ColumnMappingEntry> Columns { get; set; } = [];

    /// <summary>The site's columns, for the operator's reference: path, name and the content types each takes.</summary>
    public List<MappingTarget> Targets { get; set; } = [];

    public static ColumnMapping Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<ColumnMapping>(File.ReadAllText(file), MigrationReport.Json)
                ?? throw new MigrationInputException($"{file}: empty mapping file");
        }
        catch (JsonException ex)
        {
            throw new MigrationInputException($"{file}: not a mapping file ({ex.Message})");
        }
    }

    public void Write(string file)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(file, JsonSerializer.Serialize(this, MigrationReport.Json));
    }
}

public sealed class ColumnMappingEntry
{
    /// <summary>The old column's name, as its pages state it.</summary>
    public required string Name { get; set; }

    /// <summary>Path of the old column's first list page: the key the real run matches by.</summary>
    public required string Url { get; set; }

    /// <summary>The breadcrumb trail to the old column.</summary>
    public string? Trail { get; set; }

    public int Articles { get; set; }

    /// <summary>Path of the site's column (<c>tzgg</c>, <c>zcwj/bjwj</c>); null: the holding column.</summary>
    public string? Target { get; set; }

    /// <summary>The target column's name (for reading; the run goes by <see cref="Target"/>).</summary>
    public string? TargetName { get; set; }

    /// <summary>The content type imported articles get; empty: the first the column takes.</summary>
    public string? ContentType { get; set; }

    /// <summary>How alike the names of the proposal are (1 = the same); set by the dry run.</summary>
    public double? Score { get; set; }
}

public sealed record MappingTarget(string Path, string Name, IReadOnlyList<string> ContentTypes);

/// <summary>Something about the migration's input is wrong (source, mapping file): nothing was imported.</summary>
public sealed class MigrationInputException(string message) : Exception(message);
