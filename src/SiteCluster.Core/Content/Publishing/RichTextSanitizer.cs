using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace SiteCluster.Core.Content.Publishing;

/// <summary>Sanitised rich text and what was taken out of it, so the editor can be told.</summary>
public sealed record SanitizedHtml(string Html, IReadOnlyList<string> Removed)
{
    public bool Changed => Removed.Count > 0;
}

/// <summary>
/// Cleans editor HTML before it is stored or published, with HtmlSanitizer: a fixed list of
/// tags and attributes for government articles (text, headings, lists, tables, links,
/// images); only http, https and mailto links; no scripts, event handlers, frames, forms or
/// <c>javascript:</c> URLs; inline style limited to alignment and indentation (首行缩进).
/// </summary>
public sealed class RichTextSanitizer
{
    private static readonly string[] Tags =
    [
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "div", "blockquote", "hr",
        "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "figure", "figcaption",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    ];

    private static readonly string[] Attributes =
    [
        "href", "title", "src", "alt", "width", "height", "colspan", "rowspan", "scope", "align", "style",
    ];

    private static readonly string[] CssProperties = ["text-align", "text-indent", "font-weight"];

    private readonly HtmlParser _parser = new();

    private readonly HtmlSanitizerOptions _options = new()
    {
        AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
        AllowedCssProperties = new HashSet<string>(CssProperties, StringComparer.OrdinalIgnoreCase),
        AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Whether the sanitiser keeps elements of this name (others are dropped with their content).</summary>
    public static bool IsAllowedTag(string name) => Tags.Contains(name, StringComparer.OrdinalIgnoreCase);

    public SanitizedHtml Sanitize(string? html)
    {
        // A sanitiser per call: its removal events report into this call's list.
        var sanitizer = new HtmlSanitizer(_options);
        var removed = new List<string>();
        sanitizer.RemovingTag += (_, e) => removed.Add($"<{e.Tag.NodeName.ToLowerInvariant()}>");
        sanitizer.RemovingAttribute += (_, e) => removed.Add($"{e.Attribute.Name}=\"{Shorten(e.Attribute.Value)}\"");
        sanitizer.RemovingStyle += (_, e) => removed.Add($"style {e.Style.Name}");
        sanitizer.RemovingAtRule += (_, e) => removed.Add("@rule");
        sanitizer.RemovingComment += (_, _) => { };
        var clean = sanitizer.Sanitize(html ?? string.Empty);
        return new SanitizedHtml(clean, removed);
    }

    /// <summary>The <c>src</c> of every image without a text alternative (alt text is required to publish).</summary>
    public IReadOnlyList<string> ImagesWithoutAlt(string html)
    {
        using var document = _parser.ParseDocument(html);
        return [.. document.Images.Where(img => string.IsNullOrWhiteSpace(img.AlternativeText)).Select(img => img.GetAttribute("src") ?? string.Empty)];
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
