using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;

namespace SiteCluster.Core.Search;

/// <summary>How text is prepared for the index and how a visitor's words are split, the same for every backend.</summary>
public static class SearchText
{
    private static readonly HtmlParser Parser = new();

    /// <summary>The readable text of sanitised HTML, whitespace collapsed.</summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var document = Parser.ParseDocument($"<body>{html}</body>");
        return Collapse(document.Body?.TextContent ?? string.Empty);
    }

    /// <summary>The text of a content type's fields (their JSON): every string value, rich text without markup.</summary>
    public static string FromFields(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonObject fields)
        {
            return string.Empty;
        }

        return string.Join(' ', fields
            .Select(f => f.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : null)
            .Where(t => !string.IsNullOrWhiteSpace(t) && !Guid.TryParse(t, out _))
            .Select(t => t!.Contains('<', StringComparison.Ordinal) ? FromHtml(t) : t!));
    }

    /// <summary>The words of a query: split on white space, at most 8, each at most 40 characters.</summary>
    public static IReadOnlyList<string> Terms(string? text) =>
        [.. (text ?? string.Empty)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Length > 40 ? t[..40] : t)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(8)];

    /// <summary>
    /// A document number (文号) in one spelling: no spaces, full-width letters and digits made
    /// half-width, and every kind of bracket around the year made 〔〕, so 临民发[2018]12号 finds
    /// 临民发〔2018〕12号.
    /// </summary>
    public static string NormalizeDocumentNumber(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(number.Length);
        foreach (var c in number.Normalize(NormalizationForm.FormKC))
        {
            switch (c)
            {
                case '[' or '［' or '【' or '(' or '（' or '〔' or '﹝':
                    builder.Append('〔');
                    break;
                case ']' or '］' or '】' or ')' or '）' or '〕' or '﹞':
                    builder.Append('〕');
                    break;
                default:
                    if (!char.IsWhiteSpace(c))
                    {
                        builder.Append(char.ToLowerInvariant(c));
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

/// <summary>
/// Our own highlighter (Lucene.Net.Highlighter is not served here): finds the query's words in
/// a text, picks the passage with the most of them, HTML-encodes it and wraps each match in
/// <c>&lt;mark&gt;</c>. Both backends use it, so snippets look the same whichever answers.
/// </summary>
public static class SnippetHighlighter
{
    /// <summary>The passage of <paramref name="text"/> around the words, about <paramref name="length"/> characters, as HTML.</summary>
    public static string Snippet(string text, IReadOnlyList<string> terms, int length = 120)
    {
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var matches = Matches(text, terms);
        var start = 0;
        if (matches.Count > 0)
        {
            // The window that holds the most different words, starting a little before its first match.
            var best = -1;
            foreach (var (index, _) in matches)
            {
                var from = Math.Max(0, index - (length / 4));
                var distinct = matches.Where(m => m.Index >= from && m.Index + m.Length <= from + length)
                    .Select(m => text.Substring(m.Index, m.Length).ToLowerInvariant()).Distinct().Count();
                if (distinct > best)
                {
                    best = distinct;
                    start = from;
                }
            }
        }

        var end = Math.Min(text.Length, start + length);
        start = Math.Max(0, Math.Min(start, end - length));
        var html = Mark(text, matches, start, end);
        return (start > 0 ? "…" : string.Empty) + html + (end < text.Length ? "…" : string.Empty);
    }

    /// <summary>The whole of <paramref name="text"/> as HTML with the words marked.</summary>
    public static string Highlight(string text, IReadOnlyList<string> terms) => Mark(text, Matches(text, terms), 0, text.Length);

    private static List<(int Index, int Length)> Matches(string text, IReadOnlyList<string> terms)
    {
        var found = new List<(int Index, int Length)>();
        foreach (var term in terms.Where(t => t.Length > 0))
        {
            for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                found.Add((at, term.Length));
            }
        }

        // Longest first at the same place, then drop overlaps.
        found.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : b.Length.CompareTo(a.Length));
        var result = new List<(int Index, int Length)>();
        foreach (var match in found)
        {
            if (result.Count == 0 || match.Index >= result[^1].Index + result[^1].Length)
            {
                result.Add(match);
            }
        }

        return result;
    }

    private static string Mark(string text, List<(int Index, int Length)> matches, int start, int end)
    {
        var builder = new StringBuilder();
        var at = start;
        foreach (var (index, length) in matches)
        {
            if (index < start || index + length > end)
            {
                continue;
            }

            builder.Append(WebUtility.HtmlEncode(text[at..index]));
            builder.Append("<mark>").Append(WebUtility.HtmlEncode(text.Substring(index, length))).Append("</mark>");
            at = index + length;
        }

        builder.Append(WebUtility.HtmlEncode(text[at..end]));
        return builder.ToString();
    }
}
