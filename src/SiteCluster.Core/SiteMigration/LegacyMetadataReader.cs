using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SiteCluster.Core.SiteMigration;

/// <summary>A piece of disclosure metadata an old page may state.</summary>
internal enum LegacyField
{
    Ignore,
    Title,
    IndexNumber,
    Publisher,
    DocumentNumber,
    Written,
    Published,
    Effective,
    Expiry,
    Source,
    Author,
    Editor,
    TopicCategory,
    GenreCategory,
    Keywords,
    Audience,
}

/// <summary>The metadata found on a page, and the elements that carried it (to leave out of the body).</summary>
internal sealed class LegacyMetadata
{
    public Dictionary<LegacyField, string> Values { get; } = [];

    public HashSet<IElement> Elements { get; } = [];

    public string? this[LegacyField field] => Values.GetValueOrDefault(field);
}

/// <summary>
/// Reads disclosure metadata wherever an old page puts it: a metadata table (索引号 | 值 …),
/// a definition list, or lines of text such as 发文机关：… 成文日期：… 发文字号：… or
/// 来源：… 作者：… 发布时间：…; then the national standard's meta tags (PubDate,
/// ContentSource, Author, ArticleTitle). The first statement of each field in page order wins;
/// plain 日期 or 时间 only when nothing more specific names the publication date. A date must
/// read as a date, and 无 or a dash is no document number.
/// </summary>
internal static partial class LegacyMetadataReader
{
    private static readonly (string Label, LegacyField Field)[] Labels =
    [
        ("索引号", LegacyField.IndexNumber),
        ("发布机构", LegacyField.Publisher), ("发文机关", LegacyField.Publisher), ("发布单位", LegacyField.Publisher), ("发文单位", LegacyField.Publisher),
        ("制发机关", LegacyField.Publisher), ("发布机关", LegacyField.Publisher), ("信息发布机构", LegacyField.Publisher), ("公开主体", LegacyField.Publisher),
        ("文号", LegacyField.DocumentNumber), ("发文字号", LegacyField.DocumentNumber), ("发文文号", LegacyField.DocumentNumber), ("文件编号", LegacyField.DocumentNumber),
        ("成文日期", LegacyField.Written), ("成文时间", LegacyField.Written), ("印发日期", LegacyField.Written),
        ("发布日期", LegacyField.Published), ("发布时间", LegacyField.Published), ("公开日期", LegacyField.Published), ("公开时间", LegacyField.Published),
        ("发表时间", LegacyField.Published), ("发表日期", LegacyField.Published), ("更新时间", LegacyField.Published),
        ("生效日期", LegacyField.Effective), ("施行日期", LegacyField.Effective), ("实施日期", LegacyField.Effective),
        ("失效日期", LegacyField.Expiry), ("废止日期", LegacyField.Expiry),
        ("来源", LegacyField.Source), ("信息来源", LegacyField.Source), ("文章来源", LegacyField.Source), ("稿件来源", LegacyField.Source),
        ("作者", LegacyField.Author), ("撰稿", LegacyField.Author), ("撰稿人", LegacyField.Author),
        ("责任编辑", LegacyField.Editor), ("编辑", LegacyField.Editor),
        ("主题分类", LegacyField.TopicCategory), ("体裁分类", LegacyField.GenreCategory), ("主题词", LegacyField.Keywords), ("关键词", LegacyField.Keywords),
        ("服务对象", LegacyField.Audience), ("标题", LegacyField.Title), ("名称", LegacyField.Title), ("文件名称", LegacyField.Title),
        ("公开方式", LegacyField.Ignore), ("公开属性", LegacyField.Ignore), ("公开范围", LegacyField.Ignore), ("有效性", LegacyField.Ignore),
        ("时效性", LegacyField.Ignore), ("组配分类", LegacyField.Ignore), ("所属分类", LegacyField.Ignore), ("浏览次数", LegacyField.Ignore),
        ("访问次数", LegacyField.Ignore), ("阅读次数", LegacyField.Ignore), ("点击数", LegacyField.Ignore), ("字体", LegacyField.Ignore), ("字号", LegacyField.Ignore),
    ];

    // Weak labels: a publication date only when no specific label gave one.
    private static readonly (string Label, LegacyField Field)[] WeakLabels = [("日期", LegacyField.Published), ("时间", LegacyField.Published)];

    private static readonly Dictionary<string, LegacyField> ByLabel = Labels.Concat(WeakLabels)
        .ToDictionary(l => l.Label.Replace(" ", string.Empty, StringComparison.Ordinal), l => l.Field);

    private static readonly HashSet<string> Weak = [.. WeakLabels.Select(l => l.Label)];

    public static LegacyMetadata Read(IDocument document, Func<IElement, bool> isChrome)
    {
        var metadata = new LegacyMetadata();
        var weak = new Dictionary<LegacyField, string>();
        foreach (var element in document.Body?.Descendants<IElement>() ?? [])
        {
            if (isChrome(element))
            {
                continue;
            }

            switch (element.LocalName)
            {
                case "tr":
                    ReadCells(metadata, weak, element, [.. element.Children.Where(c => c.LocalName is "td" or "th")]);
                    break;
                case "dl":
                    ReadCells(metadata, weak, element, [.. element.Children.Where(c => c.LocalName is "dt" or "dd")]);
                    break;
                default:
                    if (element.LocalName is not ("td" or "th" or "dt" or "dd") || !IsLabel(LegacyHtml.TextOf(element)))
                    {
                        ReadLine(metadata, weak, element);
                    }

                    break;
            }
        }

        foreach (var (field, value) in weak)
        {
            metadata.Values.TryAdd(field, value);
        }

        ReadMetaTags(document, metadata);
        return metadata;
    }

    private static void ReadCells(LegacyMetadata metadata, Dictionary<LegacyField, string> weak, IElement row, List<IElement> cells)
    {
        var found = false;
        for (var i = 0; i + 1 < cells.Count; i++)
        {
            var label = LabelOf(LegacyHtml.TextOf(cells[i]));
            if (label is null || IsLabel(LegacyHtml.TextOf(cells[i + 1])))
            {
                continue;
            }

            found = true;
            Add(metadata, weak, label, LegacyHtml.TextOf(cells[i + 1]));
            i++;
        }

        if (found)
        {
            metadata.Elements.Add(row.LocalName == "tr" ? row.Closest("table") ?? row : row);
        }
    }

    private static void ReadLine(LegacyMetadata metadata, Dictionary<LegacyField, string> weak, IElement element)
    {
        if (!LegacyHtml.IsTextLeaf(element))
        {
            return;
        }

        var text = LegacyHtml.TextOf(element);
        if (text.Length is 0 or > 300 || (!text.Contains('：', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal)))
        {
            return;
        }

        var matches = LineLabel().Matches(text);
        if (matches.Count == 0 || matches[0].Index > 2)
        {
            return;
        }

        for (var i = 0; i < matches.Count; i++)
        {
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            Add(metadata, weak, matches[i].Groups["label"].Value.Replace(" ", string.Empty, StringComparison.Ordinal), text[start..end]);
        }

        metadata.Elements.Add(element);
    }

    private static void Add(LegacyMetadata metadata, Dictionary<LegacyField, string> weak, string label, string raw)
    {
        var field = ByLabel[label];
        var value = Clean(raw);
        if (field == LegacyField.Ignore || value.Length == 0 || value.Length > 200)
        {
            return;
        }

        var valid = field switch
        {
            LegacyField.Written or LegacyField.Published or LegacyField.Effective or LegacyField.Expiry => LegacyHtml.ParseDateTime(value) is not null,
            LegacyField.DocumentNumber or LegacyField.IndexNumber => value is not ("无" or "暂无" or "-" or "—" or "/" or "空"),
            _ => true,
        };
        if (!valid)
        {
            return;
        }

        if (Weak.Contains(label))
        {
            weak.TryAdd(field, value);
        }
        else
        {
            metadata.Values.TryAdd(field, value);
        }
    }

    private static void ReadMetaTags(IDocument document, LegacyMetadata metadata)
    {
        foreach (var meta in document.QuerySelectorAll("meta[name][content]"))
        {
            var content = LegacyHtml.Normalize(meta.GetAttribute("content"));
            if (content.Length == 0)
            {
                continue;
            }

            LegacyField? field = meta.GetAttribute("name")!.ToLowerInvariant() switch
            {
                "pubdate" or "publishdate" or "firstpublishedtime" or "publishtime" when LegacyHtml.ParseDateTime(content) is not null => LegacyField.Published,
                "contentsource" => LegacyField.Source,
                "author" => LegacyField.Author,
                "articletitle" => LegacyField.Title,
                _ => null,
            };
            if (field is { } known)
            {
                metadata.Values.TryAdd(known, content);
            }
        }
    }

    private static string Clean(string value) =>
        LegacyHtml.Normalize(value).Trim('|', '│', '丨', '【', '】', '[', ']', '(', ')', '（', '）', ' ', ',', '，', ';', '；');

    private static string? LabelOf(string cell)
    {
        var label = cell.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd(':', '：');
        return ByLabel.ContainsKey(label) ? label : null;
    }

    private static bool IsLabel(string text) => LabelOf(text) is not null;

    [GeneratedRegex("(?<=^|[\\s|│丨/【\\[（(】\\]）)，,;；])(?<label>信息发布机构|发文机关|发布机构|发布单位|发文单位|制发机关|发布机关|公开主体|索\\s*引\\s*号|发文字号|发文文号|文件编号|文号|成文日期|成文时间|印发日期|发布日期|发布时间|公开日期|公开时间|发表时间|发表日期|更新时间|生效日期|施行日期|实施日期|失效日期|废止日期|信息来源|文章来源|稿件来源|来源|撰稿人|撰稿|作者|责任编辑|编辑|主题分类|体裁分类|主题词|关键词|服务对象|文件名称|标题|名称|公开方式|公开属性|公开范围|有效性|时效性|组配分类|所属分类|浏览次数|访问次数|阅读次数|点击数|字体|字号|日期|时间)\\s*[:：]")]
    private static partial Regex LineLabel();
}
