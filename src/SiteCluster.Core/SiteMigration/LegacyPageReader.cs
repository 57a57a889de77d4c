using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SiteCluster.Core.Crawling;

namespace SiteCluster.Core.SiteMigration;

/// <summary>
/// Tells what an old page is from its structure, and reads it. A list page has a main list of
/// links shaped like articles (a date in the address or beside the link, a numbered file, an
/// id in the query) that outweighs any text on the page; an article has a title and a block of
/// text (or is an entry of a list and has something to import); the start page and anything
/// else is neither. Pages reached as another numbered page of a list are lists. The main list
/// is the largest group of article links sharing one structural place; the text block is the
/// element that holds the most text outside links and chrome.
/// </summary>
public static partial class LegacyPageReader
{
    // Markers CMSs commonly give the article body: a small bonus, never a requirement.
    private static readonly string[] BodyMarkers = ["trs_editor", "article", "content", "zhengwen", "zw", "contxt", "detail", "text", "zoom", "bodytext", "view", "main-text", "maintext"];

    private static readonly HashSet<string> Removed = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "iframe", "frame", "object", "embed", "form", "input", "button", "select", "textarea", "link", "meta", "svg", "map", "audio", "video", "canvas",
    };

    /// <summary>Reads one fetched page. <paramref name="siteName"/>, when known, is left out of titles.</summary>
    public static LegacyPage Read(CrawlResource resource, LegacyPageHint hint, Crawler crawler, string? siteName)
    {
        var page = new LegacyPage
        {
            Url = resource.Url.AbsoluteUri,
            FinalUrl = resource.FinalUrl == resource.Url ? null : resource.FinalUrl.AbsoluteUri,
            Status = resource.StatusCode,
            Error = resource.Error,
            Hint = hint,
        };
        if (!resource.IsSuccess || !resource.IsHtml)
        {
            return page;
        }

        var decoded = PageEncoding.Decode(resource.Content, resource.Charset);
        page.Encoding = decoded.Name;
        using var document = new HtmlParser().ParseDocument(decoded.Text);
        var baseUri = document.QuerySelector("base[href]") is { } baseElement && Crawler.Resolve(resource.FinalUrl, baseElement.GetAttribute("href")) is { } declared
            ? declared
            : resource.FinalUrl;
        page.Title = LegacyHtml.Normalize(document.Title);
        page.SiteName = document.QuerySelector("meta[name='SiteName' i]")?.GetAttribute("content") is { Length: > 0 } name ? LegacyHtml.Normalize(name) : null;

        var memo = new Dictionary<IElement, bool>();
        bool IsChrome(IElement element) => LegacyHtml.IsChrome(element, memo);

        var scripts = string.Join('\n', document.Scripts.Select(s => s.Text));
        var pagination = Pagination(document, baseUri, scripts, crawler, IsChrome);
        page.Links = [.. PageLinks(document, baseUri, crawler).Concat(pagination).Select(u => u.AbsoluteUri).Distinct()];
        page.Breadcrumb = Breadcrumb(document, baseUri, crawler, out var trail);

        foreach (var element in document.QuerySelectorAll(string.Join(',', Removed)).ToList())
        {
            element.Remove();
        }

        var list = MainList(document, baseUri, crawler, IsChrome);
        var (body, textLength) = TextBlock(document, IsChrome);
        var kind = hint switch
        {
            LegacyPageHint.Root => LegacyPageKind.Other,
            LegacyPageHint.Pagination => LegacyPageKind.List,
            _ when list.ArticleLinks >= 3 && list.TextLength > textLength => LegacyPageKind.List,

            // A small column's only page: a link or two, and no text of its own.
            LegacyPageHint.None when list.ArticleLinks >= 1 && textLength < 100 && list.TextLength > textLength => LegacyPageKind.List,
            _ => LegacyPageKind.Article,
        };

        if (kind == LegacyPageKind.Article)
        {
            var article = LegacyArticleReader.Read(document, baseUri, body, crawler, siteName, IsChrome);
            var substantial = article is not null && (textLength >= 100 || hint == LegacyPageHint.ListItem || article.Published is not null || article.DocumentNumber is not null);
            var content = article is not null && (article.Body is not null || article.Attachments.Count > 0);
            if (substantial && content)
            {
                page.Kind = LegacyPageKind.Article;
                page.Article = article;
                return page;
            }

            kind = list.ArticleLinks >= 1 && pagination.Count > 0 ? LegacyPageKind.List : LegacyPageKind.Other;
        }

        page.Kind = kind;
        if (kind == LegacyPageKind.List)
        {
            page.Items = list.Items;
            page.Pagination = [.. pagination.Select(u => u.AbsoluteUri).Distinct()];
            page.ColumnTrail = trail;
            page.ColumnName = ColumnName(document, trail, page.Title, siteName);
        }

        return page;
    }

    /// <summary>Same-site links to pages (not files), as the crawl follows them.</summary>
    private static IEnumerable<Uri> PageLinks(IDocument document, Uri baseUri, Crawler crawler)
    {
        foreach (var element in document.QuerySelectorAll("a[href], area[href], frame[src], iframe[src]"))
        {
            var url = Crawler.Resolve(baseUri, element.GetAttribute("href") ?? element.GetAttribute("src"));
            if (url is not null && crawler.IsSameSite(url) && LegacyHtml.IsPageAddress(url))
            {
                yield return crawler.Canonical(url);
            }
        }
    }

    /// <summary>
    /// The list's other numbered pages: links named 下一页, 尾页, or a page number in a pagination
    /// block; links to <c>{name}_N.{ext}</c> beside the page; and pages a script announces, as
    /// TRS sites do with <c>createPageHTML(count, current, "index", "html")</c>.
    /// </summary>
    private static List<Uri> Pagination(IDocument document, Uri baseUri, string scripts, Crawler crawler, Func<IElement, bool> isChrome)
    {
        var pages = new List<Uri>();
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            var url = Crawler.Resolve(baseUri, anchor.GetAttribute("href"));
            if (url is null || !crawler.IsSameSite(url) || !LegacyHtml.IsPageAddress(url))
            {
                continue;
            }

            var text = LegacyHtml.TextOf(anchor);
            var inPager = anchor.Ancestors<IElement>().Take(4).Any(a => LegacyHtml.NamesOf(a).Any(n => PagerName().IsMatch(n)));
            var numbered = SiblingNumberedPage(baseUri, url) || PageQuery().IsMatch(url.Query);
            if (PagerText().IsMatch(text) || (inPager && (numbered || NumberText().IsMatch(text))) || (numbered && NumberText().IsMatch(text)))
            {
                pages.Add(crawler.Canonical(url));
            }
        }

        foreach (Match call in CreatePageHtml().Matches(scripts))
        {
            var count = ScriptValue(scripts, call.Groups["count"].Value);
            var prefix = ScriptValue(scripts, call.Groups["prefix"].Value);
            var suffix = ScriptValue(scripts, call.Groups["suffix"].Value);
            if (!int.TryParse(count, out var total) || string.IsNullOrEmpty(prefix) || string.IsNullOrEmpty(suffix))
            {
                continue;
            }

            for (var i = 0; i < Math.Min(total, 10_000); i++)
            {
                if (Crawler.Resolve(baseUri, i == 0 ? $"{prefix}.{suffix}" : $"{prefix}_{i}.{suffix}") is { } url)
                {
                    pages.Add(crawler.Canonical(url));
                }
            }
        }

        var self = crawler.Canonical(baseUri).AbsoluteUri;
        return [.. pages.Where(p => p.AbsoluteUri != self).DistinctBy(p => p.AbsoluteUri)];
    }

    /// <summary>A script argument: a literal, or a variable assigned a literal elsewhere in the page's scripts.</summary>
    private static string? ScriptValue(string scripts, string argument)
    {
        var value = argument.Trim();
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            return value[1..^1];
        }

        if (int.TryParse(value, out _))
        {
            return value;
        }

        var assignment = Regex.Match(scripts, $@"\b{Regex.Escape(value)}\s*=\s*(?:""([^""]*)""|'([^']*)'|(\d+))", RegexOptions.None, TimeSpan.FromSeconds(1));
        return assignment.Success ? assignment.Groups.Values.Skip(1).First(g => g.Success).Value : null;
    }

    private static bool SiblingNumberedPage(Uri page, Uri link)
    {
        var pagePath = page.AbsolutePath;
        var linkPath = link.AbsolutePath;
        var directory = pagePath[..(pagePath.LastIndexOf('/') + 1)];
        if (!linkPath.StartsWith(directory, StringComparison.Ordinal) || linkPath.IndexOf('/', directory.Length) >= 0)
        {
            return false;
        }

        var file = linkPath[directory.Length..];
        return NumberedPage().Match(file) is { Success: true } match
            && (pagePath.EndsWith('/') || pagePath[directory.Length..].StartsWith(match.Groups[1].Value, StringComparison.Ordinal));
    }

    /// <summary>The links of the breadcrumb (当前位置：首页 &gt; 政策文件 &gt; 本级文件) and its trail of names without 首页.</summary>
    private static List<string>? Breadcrumb(IDocument document, Uri baseUri, Crawler crawler, out List<string>? trail)
    {
        trail = null;
        var crumb = document.Body?.Descendants<IElement>().FirstOrDefault(e =>
            LegacyHtml.IsBlock(e) || e.LocalName is "span"
                ? (LegacyHtml.NamesOf(e).Any(n => CrumbName().IsMatch(n)) || LegacyHtml.StartsLikeBreadcrumb(LegacyHtml.TextOf(e))) && LegacyHtml.TextOf(e).Length <= 200
                : false);
        if (crumb is null)
        {
            return null;
        }

        var text = CrumbPrefix().Replace(LegacyHtml.TextOf(crumb), string.Empty);
        trail = [.. CrumbSeparator().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0 && !HomeName().IsMatch(s))];
        return [.. crumb.QuerySelectorAll("a[href]")
            .Select(a => Crawler.Resolve(baseUri, a.GetAttribute("href")))
            .OfType<Uri>()
            .Where(crawler.IsSameSite)
            .Select(u => crawler.Canonical(u).AbsoluteUri)];
    }

    private sealed record ListGroup(List<LegacyLink> Items, int ArticleLinks, int TextLength);

    /// <summary>
    /// The main list: links grouped by their structural place (the element holding the list
    /// item, under one parent, with the same tag and classes), the group with the most links
    /// shaped like articles.
    /// </summary>
    private static ListGroup MainList(IDocument document, Uri baseUri, Crawler crawler, Func<IElement, bool> isChrome)
    {
        var groups = new Dictionary<(IElement Parent, string Signature), List<(LegacyLink Link, bool ArticleLike, int Length)>>();
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            if (isChrome(anchor) || Crawler.Resolve(baseUri, anchor.GetAttribute("href")) is not { } url || !crawler.IsSameSite(url) || !LegacyHtml.IsPageAddress(url))
            {
                continue;
            }

            var text = LegacyHtml.TextOf(anchor);
            var title = LegacyHtml.Normalize(anchor.GetAttribute("title"));
            var item = anchor.Ancestors<IElement>().Take(3).FirstOrDefault(a => a.LocalName is "li" or "tr" or "dd" or "dt" or "p") ?? anchor.ParentElement;
            var container = item?.ParentElement;
            if (item is null || container is null || NeighbourText().IsMatch(LegacyHtml.TextOf(item)))
            {
                continue;
            }

            var shown = title.Length > text.Length && title.StartsWith(text.TrimEnd('.', '…'), StringComparison.Ordinal) ? title : text;
            var beside = LegacyHtml.TextOf(item).Replace(text, string.Empty, StringComparison.Ordinal);
            var articleLike = shown.Length >= 4 && (LegacyHtml.LooksLikeArticleAddress(url) || LegacyHtml.HasDate(beside));
            var key = (container.ParentElement ?? container, $"{container.LocalName}.{string.Join('.', container.ClassList.Order(StringComparer.Ordinal))}/{item.LocalName}");
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add((new LegacyLink(crawler.Canonical(url).AbsoluteUri, shown, LegacyHtml.ParseDate(beside)), articleLike, shown.Length));
        }

        // Dates beside the links mark a column's own list over a sidebar of hot or related articles.
        var best = groups.Values
            .Select(g => (Group: new ListGroup([.. g.Where(x => x.ArticleLike).Select(x => x.Link).DistinctBy(l => l.Url)], g.Count(x => x.ArticleLike), g.Where(x => x.ArticleLike).Sum(x => x.Length)),
                Dated: g.Count(x => x.ArticleLike && x.Link.Date is not null)))
            .OrderByDescending(g => g.Group.ArticleLinks + g.Dated).ThenByDescending(g => g.Group.TextLength)
            .Select(g => g.Group)
            .FirstOrDefault();
        return best ?? new ListGroup([], 0, 0);
    }

    /// <summary>The element holding the most text outside links and chrome, and how much.</summary>
    internal static (IElement? Element, int TextLength) TextBlock(IDocument document, Func<IElement, bool> isChrome)
    {
        var scores = new Dictionary<IElement, double>();
        foreach (var element in document.Body?.Descendants<IElement>() ?? [])
        {
            if (!LegacyHtml.IsTextLeaf(element) || element.LocalName is "a" || isChrome(element))
            {
                continue;
            }

            var length = OwnTextLength(element);
            if (length < 20 || element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" || (element.ParentElement is { } up && LegacyHtml.IsTextLeaf(up)))
            {
                continue;
            }

            // Prose scores by its sentences (punctuation) more than by its length, so a block of
            // paragraphs outweighs a line of metadata or a row of links beside it.
            var score = 1 + Punctuation().Count(LegacyHtml.TextOf(element)) + Math.Min(length / 100.0, 3);
            if (element.LocalName is "div" or "td" or "section" or "article" or "pre" or "blockquote")
            {
                Add(scores, element, score);
            }

            if (element.ParentElement is { } parent && !isChrome(parent))
            {
                Add(scores, parent, score);
                if (parent.ParentElement is { } grandparent && !isChrome(grandparent))
                {
                    Add(scores, grandparent, score / 2.0);
                }
            }
        }

        IElement? best = null;
        var bestScore = 0.0;
        foreach (var (element, score) in scores)
        {
            var bonus = LegacyHtml.NamesOf(element).Any(n => BodyMarkers.Any(m => n.Contains(m, StringComparison.OrdinalIgnoreCase))) ? 1.3 : 1.0;
            var weighted = score * bonus;
            if (weighted > bestScore || (weighted == bestScore && best is not null && element.Contains(best)))
            {
                best = element;
                bestScore = weighted;
            }
        }

        return (best, best is null ? 0 : NonChromeTextLength(best, isChrome));
    }

    private static void Add(Dictionary<IElement, double> scores, IElement element, double value) =>
        scores[element] = scores.GetValueOrDefault(element) + value;

    /// <summary>Length of the text of a line outside its links.</summary>
    private static int OwnTextLength(IElement element)
    {
        var total = LegacyHtml.TextOf(element).Length;
        foreach (var anchor in element.QuerySelectorAll("a"))
        {
            total -= LegacyHtml.TextOf(anchor).Length;
        }

        return Math.Max(0, total);
    }

    private static int NonChromeTextLength(IElement element, Func<IElement, bool> isChrome)
    {
        var total = 0;
        foreach (var leaf in element.Descendants<IElement>().Prepend(element))
        {
            if (LegacyHtml.IsTextLeaf(leaf) && leaf.LocalName is not "a" && !isChrome(leaf) && (leaf == element || leaf.ParentElement is not { } up || !LegacyHtml.IsTextLeaf(up)))
            {
                total += OwnTextLength(leaf);
            }
        }

        return total;
    }

    /// <summary>
    /// A list's column name: the standard ColumnName meta tag, else the breadcrumb's last name,
    /// else the part of the page title that is not the site's name.
    /// </summary>
    private static string? ColumnName(IDocument document, List<string>? trail, string? title, string? siteName)
    {
        if (document.QuerySelector("meta[name='ColumnName' i]")?.GetAttribute("content") is { Length: > 0 } meta)
        {
            return LegacyHtml.Normalize(meta);
        }

        if (trail is { Count: > 0 })
        {
            return trail[^1];
        }

        return TitleParts(title).FirstOrDefault(p => p != siteName);
    }

    /// <summary>The parts of a page title split at its separators (_ | - – —).</summary>
    internal static IEnumerable<string> TitleParts(string? title) =>
        string.IsNullOrEmpty(title) ? [] : TitleSeparator().Split(title).Select(p => p.Trim()).Where(p => p.Length > 0);

    [GeneratedRegex("^(下一页|下页|下一頁|尾页|末页|最后一页|上一页|上页|next|last|»|›|>>)$", RegexOptions.IgnoreCase)]
    private static partial Regex PagerText();

    [GeneratedRegex("[，。；、,;]")]
    private static partial Regex Punctuation();

    [GeneratedRegex("^\\[?\\d{1,4}\\]?$")]
    private static partial Regex NumberText();

    [GeneratedRegex("pag|fenye|pages|pager", RegexOptions.IgnoreCase)]
    private static partial Regex PagerName();

    [GeneratedRegex("[?&](page|pageno|pageindex|p|pn|curpage|currentpage|cpage)=\\d+", RegexOptions.IgnoreCase)]
    private static partial Regex PageQuery();

    [GeneratedRegex("^(.+?)_\\d+\\.\\w+$")]
    private static partial Regex NumberedPage();

    [GeneratedRegex("createPageHTML\\s*\\(\\s*(?<count>[^,()]+?)\\s*,\\s*(?<current>[^,()]+?)\\s*,\\s*(?<prefix>[^,()]+?)\\s*,\\s*(?<suffix>[^,()]+?)\\s*[,)]")]
    private static partial Regex CreatePageHtml();

    [GeneratedRegex("^\\s*[\\[【]?\\s*(上一篇|下一篇|上一条|下一条|上篇|下篇)")]
    private static partial Regex NeighbourText();

    [GeneratedRegex("crumb|position|location|dqwz|weizhi", RegexOptions.IgnoreCase)]
    private static partial Regex CrumbName();

    [GeneratedRegex("^[\\s:：]*(当前位置|您的位置|您现在的位置|你的位置|你现在的位置|所在位置|当前的位置|现在位置|位置)?\\s*[:：]?")]
    private static partial Regex CrumbPrefix();

    [GeneratedRegex("\\s*(?:>|›|»|→|＞|>>|\\\\|/)\\s*")]
    private static partial Regex CrumbSeparator();

    [GeneratedRegex("^(首页|网站首页|主页|返回首页)$")]
    private static partial Regex HomeName();

    [GeneratedRegex("\\s*[_|｜\\-–—]+\\s*")]
    private static partial Regex TitleSeparator();
}
