using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SiteCluster.Core.SiteMigration;

/// <summary>
/// Structure-based reading of old pages, shared by the list and article readers: which
/// elements are site chrome (navigation, breadcrumbs, footers with filing numbers, sharing
/// and print tools), which are blocks, normalised text, dates as old sites write them, and
/// which addresses look like articles, pages or files.
/// </summary>
internal static partial class LegacyHtml
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "p", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "header", "footer", "nav", "aside", "form", "blockquote", "pre", "center", "main", "figure", "hr",
    };

    // Words in class names and ids that mark chrome, matched as whole parts of a name split at - and _.
    private static readonly HashSet<string> ChromeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "navbar", "navi", "menu", "mainnav", "topnav", "subnav", "footer", "foot", "copyright", "crumb", "crumbs", "breadcrumb",
        "position", "location", "dqwz", "weizhi", "sidebar", "share", "bdshare", "toolbar", "friendlink", "yqlj", "skip", "fontsize",
    };

    private static readonly HashSet<string> PageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "", ".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".php", ".jsp", ".jspx", ".do", ".action", ".cgi",
    };

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps", ".zip", ".rar", ".7z", ".txt", ".ofd", ".ceb",
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".mp3", ".mp4", ".avi", ".wmv", ".flv",
    };

    public static bool IsBlock(IElement element) => BlockTags.Contains(element.LocalName);

    /// <summary>An element with no block inside: a line of text as a reader sees it.</summary>
    public static bool IsTextLeaf(IElement element) => element.Children.All(c => !IsBlock(c) || c.LocalName is "br");

    /// <summary>Text with every run of white space (including full-width and no-break spaces) as one space, trimmed.</summary>
    public static string Normalize(string? text) => string.IsNullOrEmpty(text) ? string.Empty : Spaces().Replace(text, " ").Trim();

    public static string TextOf(INode node) => Normalize(node.TextContent);

    /// <summary>
    /// Whether the element is chrome by itself: a nav, footer or aside; a class or id naming
    /// navigation, breadcrumbs, footers, sharing or printing; a breadcrumb by its wording
    /// (当前位置…); or a short block carrying filing numbers (ICP备, 公网安备, 网站标识码, 版权所有).
    /// </summary>
    public static bool IsChromeItself(IElement element)
    {
        if (element.LocalName is "nav" or "footer" or "aside")
        {
            return true;
        }

        if (element.LocalName is "body" or "html" or "head")
        {
            return false;
        }

        foreach (var name in NamesOf(element))
        {
            if (name.Split('-', '_').Any(ChromeWords.Contains))
            {
                return true;
            }
        }

        if (!IsBlock(element))
        {
            return false;
        }

        var text = TextOf(element);
        return (text.Length <= 200 && BreadcrumbStart().IsMatch(text)) || (text.Length <= 400 && FilingText().IsMatch(text));
    }

    /// <summary>Whether the element is chrome or inside chrome.</summary>
    public static bool IsChrome(IElement element, Dictionary<IElement, bool> memo)
    {
        if (memo.TryGetValue(element, out var known))
        {
            return known;
        }

        var chrome = IsChromeItself(element) || (element.ParentElement is { } parent && IsChrome(parent, memo));
        memo[element] = chrome;
        return chrome;
    }

    /// <summary>Short lines that are page tools or counters, not text: 打印, 关闭窗口, 上一篇, 浏览次数….</summary>
    public static bool IsToolText(string text) => text.Length <= 80 && ToolText().IsMatch(text);

    public static bool StartsLikeBreadcrumb(string text) => BreadcrumbStart().IsMatch(text);

    public static IEnumerable<string> NamesOf(IElement element)
    {
        if (!string.IsNullOrEmpty(element.Id))
        {
            yield return element.Id;
        }

        foreach (var name in element.ClassList)
        {
            yield return name;
        }
    }

    /// <summary>The extension of an address's last path segment, lower case, with its dot (empty when none).</summary>
    public static string ExtensionOf(Uri url)
    {
        var path = url.AbsolutePath;
        var last = path[(path.LastIndexOf('/') + 1)..];
        var dot = last.LastIndexOf('.');
        return dot < 0 ? string.Empty : last[dot..].ToLowerInvariant();
    }

    /// <summary>An address that may be a page (no extension, or a page extension), and not a file behind a download script.</summary>
    public static bool IsPageAddress(Uri url) => PageExtensions.Contains(ExtensionOf(url)) && !IsFileAddress(url);

    /// <summary>An address of a file to copy (documents, images, archives, media), also behind a download script (<c>downfile.jsp?filename=a.pdf</c>).</summary>
    public static bool IsFileAddress(Uri url) => FileExtensions.Contains(FileExtensionOf(url));

    /// <summary>The file's extension: the path's, or a query value's when the path is a script.</summary>
    public static string FileExtensionOf(Uri url)
    {
        var extension = ExtensionOf(url);
        if (FileExtensions.Contains(extension) || url.Query.Length < 2)
        {
            return extension;
        }

        var name = FileNameInQuery(url);
        var dot = name?.LastIndexOf('.') ?? -1;
        return dot < 0 ? extension : name![dot..].ToLowerInvariant();
    }

    /// <summary>The file's name: the last path segment, or a query value naming a file when the path is a script.</summary>
    public static string FileNameOf(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        var last = path[(path.LastIndexOf('/') + 1)..];
        return FileExtensions.Contains(ExtensionOf(url)) || FileNameInQuery(url) is not { } inQuery ? (last.Length == 0 ? "file" : last) : inQuery;
    }

    private static string? FileNameInQuery(Uri url) =>
        url.Query.TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2) is [_, var value] ? Uri.UnescapeDataString(value.Replace('+', ' ')) : null)
            .OfType<string>()
            .Select(v => v[(Math.Max(v.LastIndexOf('/'), v.LastIndexOf('\\')) + 1)..])
            .FirstOrDefault(v => v.LastIndexOf('.') is var dot and > 0 && FileExtensions.Contains(v[dot..]));

    /// <summary>An address shaped like one article's: a date in the path, a numbered file, or an id in the query.</summary>
    public static bool LooksLikeArticleAddress(Uri url)
    {
        var path = url.AbsolutePath;
        if (PaginationFile().IsMatch(path))
        {
            return false;
        }

        return DateInPath().IsMatch(path) || NumberedFile().IsMatch(path) || IdQuery().IsMatch(url.Query);
    }

    /// <summary>Whether the text holds a date as lists show them (2018-04-07, 2018年4月7日, [04-07]).</summary>
    public static bool HasDate(string text) => DateText().IsMatch(text) || ShortDate().IsMatch(text);

    /// <summary>The first date (and time, when written) in <paramref name="text"/>, in Beijing time.</summary>
    public static DateTimeOffset? ParseDateTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = ChineseDigits(text);
        var match = DateText().Match(value);
        if (!match.Success)
        {
            return null;
        }

        int Part(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("y"), Part("m"), Part("d"));
        if (year < 1980 || year > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var (hour, minute, second) = match.Groups["h"].Success ? (Part("h"), Part("min"), match.Groups["s"].Success ? Part("s") : 0) : (0, 0, 0);
        if (hour > 23 || minute > 59 || second > 59)
        {
            (hour, minute, second) = (0, 0, 0);
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromHours(8));
    }

    public static DateOnly? ParseDate(string? text) => ParseDateTime(text) is { } value ? DateOnly.FromDateTime(value.DateTime) : null;

    /// <summary>Chinese numerals of a written date (二〇一九年三月五日) as digits.</summary>
    private static string ChineseDigits(string text)
    {
        if (!ChineseDate().IsMatch(text))
        {
            return text;
        }

        return ChineseDate().Replace(text, m =>
        {
            static string Number(string part, bool positional)
            {
                const string digits = "〇零一二三四五六七八九";
                int Digit(char c) => c is '〇' or '零' or 'O' or '○' ? 0 : digits.IndexOf(c, StringComparison.Ordinal) - 1;
                if (positional)
                {
                    return string.Concat(part.Select(c => Digit(c).ToString(CultureInfo.InvariantCulture)));
                }

                var ten = part.IndexOf('十', StringComparison.Ordinal);
                if (ten < 0)
                {
                    return Digit(part[0]).ToString(CultureInfo.InvariantCulture);
                }

                var tens = ten == 0 ? 1 : Digit(part[0]);
                var ones = ten == part.Length - 1 ? 0 : Digit(part[^1]);
                return (tens * 10 + ones).ToString(CultureInfo.InvariantCulture);
            }

            return $"{Number(m.Groups[1].Value, true)}年{Number(m.Groups[2].Value, false)}月{Number(m.Groups[3].Value, false)}日";
        });
    }

    [GeneratedRegex("[\\s\\u00a0\\u3000\\u200b]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("^[\\s:：]*(当前位置|您的位置|您现在的位置|你的位置|你现在的位置|所在位置|当前的位置|现在位置|位置)\\s*[:：]")]
    private static partial Regex BreadcrumbStart();

    [GeneratedRegex("ICP备|ICP证|公网安备|公安备案|网站标识码|网站识别码|版权所有|Copyright|©|技术支持[:：]|主办单位[:：]|主办[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex FilingText();

    [GeneratedRegex("打印|关闭窗口|关闭本页|【关闭】|\\[关闭\\]|关闭\\s*$|^\\s*关闭|分享到|扫一扫|返回顶部|上一篇|下一篇|上一条|下一条|浏览次数|访问次数|阅读次数|点击数|点击量|访问量|阅读量|浏览量|字体\\s*[:：]|字号\\s*[:：]|【\\s*大\\s*中\\s*小\\s*】|\\[\\s*大\\s*中\\s*小\\s*\\]|收藏本页|加入收藏|ICP备|公网安备|网站标识码")]
    private static partial Regex ToolText();

    [GeneratedRegex("/(19|20)\\d{2}(0[1-9]|1[0-2])(\\d{2})?/|/(19|20)\\d{2}[-_/](0?[1-9]|1[0-2])([-_/]\\d{1,2})?/|t(19|20)\\d{6}_\\d+\\.\\w+$")]
    private static partial Regex DateInPath();

    [GeneratedRegex("(art|content|article|news|info|detail|show|view|doc)[_-]?\\d+(_\\d+)*\\.\\w+$|/\\d{4,}\\.\\w+$|_\\d{3,}\\.\\w+$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedFile();

    [GeneratedRegex("/(index|list|default|more)_\\d+\\.\\w+$", RegexOptions.IgnoreCase)]
    private static partial Regex PaginationFile();

    [GeneratedRegex("[?&](id|aid|articleid|newsid|docid|infoid|contentid|artid|itemid|newsno|art_id|article_id|news_id|wbnewsid)=\\w+", RegexOptions.IgnoreCase)]
    private static partial Regex IdQuery();

    [GeneratedRegex("(?<y>(19|20)\\d{2})\\s*[-/.年]\\s*(?<m>\\d{1,2})\\s*[-/.月]\\s*(?<d>\\d{1,2})(\\s*日)?(\\s*(?<h>\\d{1,2})\\s*[:：时]\\s*(?<min>\\d{2})(\\s*[:：分]\\s*(?<s>\\d{2}))?)?")]
    private static partial Regex DateText();

    [GeneratedRegex("[\\[【(（]\\s*\\d{1,2}-\\d{1,2}\\s*[\\]】)）]")]
    private static partial Regex ShortDate();

    [GeneratedRegex("([〇零一二三四五六七八九○O]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")]
    private static partial Regex ChineseDate();
}
