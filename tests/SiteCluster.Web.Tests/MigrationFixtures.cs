using System.Text.Json;

namespace SiteCluster.Web.Tests;

/// <summary>An article of <c>legacy-site-a/expected.json</c>: what a faithful import of it yields.</summary>
public sealed record ExpectedArticle(
    string Path,
    string ColumnCode,
    string Column,
    string Encoding,
    string Title,
    DateOnly Published,
    DateOnly? Written,
    string? DocumentNumber,
    string? IndexNumber,
    string Publisher,
    IReadOnlyList<string> Images,
    IReadOnlyList<(string Path, string Name)> Attachments,
    IReadOnlyList<(string Kind, string Target, string Text)> Links,
    string FirstParagraph,
    int Paragraphs);

/// <summary>The shared migration fixtures (<c>../shared/fixtures</c> beside the repository).</summary>
public static class MigrationFixtures
{
    /// <summary>The static old site of a municipal civil affairs bureau, with one column in GBK.</summary>
    public static string LegacySiteA { get; } = Find(Path.Combine("shared", "fixtures", "legacy-site-a"));

    public static IReadOnlyList<ExpectedArticle> ExpectedA { get; } = Read(Path.Combine(LegacySiteA, "expected.json"));

    /// <summary>The first folder named <paramref name="relative"/> beside this build's folder or one of its parents (the repository's <c>../shared</c>).</summary>
    private static string Find(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"{relative} was not found beside the repository (looked upwards from {AppContext.BaseDirectory}).");
    }

    private static List<ExpectedArticle> Read(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        static string? Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
        static DateOnly? Date(JsonElement e, string name) => Text(e, name) is { } value ? DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return [.. document.RootElement.GetProperty("articles").EnumerateArray().Select(a => new ExpectedArticle(
            a.GetProperty("path").GetString()!,
            a.GetProperty("column_code").GetString()!,
            a.GetProperty("column").GetString()!,
            a.GetProperty("encoding").GetString()!,
            a.GetProperty("title").GetString()!,
            Date(a, "published")!.Value,
            Date(a, "written"),
            Text(a, "doc_number"),
            Text(a, "index_no"),
            a.GetProperty("publisher").GetString()!,
            [.. a.GetProperty("images").EnumerateArray().Select(i => i.GetString()!)],
            [.. a.GetProperty("attachments").EnumerateArray().Select(x => (x[0].GetString()!, x[1].GetString()!))],
            [.. a.GetProperty("links").EnumerateArray().Select(x => (x[0].GetString()!, x[1].GetString()!, x[2].GetString()!))],
            a.GetProperty("first_paragraph").GetString()!,
            a.GetProperty("paragraphs").GetInt32()))];
    }
}
