using AngleSharp.Dom;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Crawling;

namespace SiteCluster.Core.SiteMigration;

/// <summary>
/// Reads one article from its old page: the title (the heading that the page title repeats,
/// else the first heading, else the page title without the site's name), the metadata
/// (<see cref="LegacyMetadataReader"/>), the files linked from the page, and the body: the text
/// block without chrome, title, metadata lines, page tools (打印, 关闭窗口, 上一篇…), scripts and
/// counters, with elements the sanitiser would drop together with their text unwrapped so the
/// text stays, and addresses made absolute.
/// </summary>
internal static class LegacyArticleReader
{
    public static LegacyArticle? Read(IDocument document, Uri baseUri, IElement? body, Crawler crawler, string? siteName, Func<IElement, bool> isChrome)
    {
        var metadata = LegacyMetadataReader.Read(document, isChrome);
        var (title, titleElement) = Title(document, metadata, siteName, isChrome);
        if (title is null)
        {
            return null;
        }

        var article = new LegacyArticle
        {
            Title = title,
            Published = LegacyHtml.ParseDateTime(metadata[LegacyField.Published]),
            Written = LegacyHtml.ParseDate(metadata[LegacyField.Written]),
            Effective = LegacyHtml.ParseDate(metadata[LegacyField.Effective]),
            Expiry = LegacyHtml.ParseDate(metadata[LegacyField.Expiry]),
            DocumentNumber = metadata[LegacyField.DocumentNumber],
            IndexNumber = metadata[LegacyField.IndexNumber],
            Publisher = metadata[LegacyField.Publisher],
            Source = metadata[LegacyField.Source],
            Author = metadata[LegacyField.Author],
            Editor = metadata[LegacyField.Editor],
            TopicCategory = metadata[LegacyField.TopicCategory],
            GenreCategory = metadata[LegacyField.GenreCategory],
            Keywords = metadata[LegacyField.Keywords],
            Audience = metadata[LegacyField.Audience],
        };

        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            if (!isChrome(anchor) && Crawler.Resolve(baseUri, anchor.GetAttribute("href")) is { } url && crawler.IsSameSite(url) && LegacyHtml.IsFileAddress(url))
            {
                var text = LegacyHtml.TextOf(anchor);
                article.Attachments.Add(new LegacyLink(crawler.Canonical(url).AbsoluteUri, text.Length > 0 ? text : LegacyHtml.FileNameOf(url)));
            }
        }

        article.Attachments = [.. article.Attachments.DistinctBy(a => a.Url)];
        if (body is not null)
        {
            Clean(body, baseUri, crawler, title, titleElement, metadata, isChrome);
            var hasText = LegacyHtml.TextOf(body).Length > 0;
            var images = body.QuerySelectorAll("img[src]").Select(i => i.GetAttribute("src")!).ToList();
            if (hasText || images.Count > 0)
            {
                article.Body = body.InnerHtml.Trim();
                article.Images = [.. images.Select(src => new Uri(src)).Where(crawler.IsSameSite).Select(u => u.AbsoluteUri).Distinct()];
                article.Links = [.. body.QuerySelectorAll("a[href]")
                    .Select(a => (Url: new Uri(a.GetAttribute("href")!), Text: LegacyHtml.TextOf(a)))
                    .Where(l => l.Url.Scheme is "http" or "https" && crawler.IsSameSite(l.Url) && !LegacyHtml.IsFileAddress(l.Url))
                    .Select(l => new LegacyLink(l.Url.AbsoluteUri, l.Text))
                    .DistinctBy(l => l.Url)];
            }
        }

        return article;
    }

    private static (string? Title, IElement? Element) Title(IDocument document, LegacyMetadata metadata, string? siteName, Func<IElement, bool> isChrome)
    {
        var pageTitle = LegacyHtml.Normalize(document.Title);
        var parts = LegacyPageReader.TitleParts(pageTitle).Where(p => p != siteName).ToList();
        var candidates = (document.Body?.Descendants<IElement>() ?? [])
            .Where(e => (e.LocalName is "h1" or "h2" or "h3" or "h4" || LegacyHtml.NamesOf(e).Any(n => n.Contains("title", StringComparison.OrdinalIgnoreCase) || n.Split('-', '_').Any(p => p is "bt" or "tit" or "biaoti")))
                && LegacyHtml.IsTextLeaf(e) && !isChrome(e))
            .Select(e => (Element: e, Text: LegacyHtml.TextOf(e)))
            .Where(c => c.Text.Length is >= 2 and <= 300 && c.Text != siteName && !LegacyHtml.IsToolText(c.Text))
            .ToList();

        if (metadata[LegacyField.Title] is { } stated)
        {
            return (stated, candidates.FirstOrDefault(c => c.Text == stated).Element);
        }

        var chosen = candidates.FirstOrDefault(c => parts.Contains(c.Text));
        if (chosen.Element is null)
        {
            chosen = candidates.FirstOrDefault(c => c.Text.Length >= 4 && (pageTitle.Contains(c.Text, StringComparison.Ordinal)
                || parts.Any(p => p.Length >= 6 && c.Text.StartsWith(p.TrimEnd('.', '…'), StringComparison.Ordinal))));
        }

        if (chosen.Element is null)
        {
            chosen = candidates.FirstOrDefault(c => c.Element.LocalName == "h1");
        }

        return chosen.Element is not null ? (chosen.Text, chosen.Element) : (parts.FirstOrDefault(), null);
    }

    private static void Clean(IElement body, Uri baseUri, Crawler crawler, string title, IElement? titleElement, LegacyMetadata metadata, Func<IElement, bool> isChrome)
    {
        var drop = body.Descendants<IElement>()
            .Where(e => e == titleElement || metadata.Elements.Contains(e) || isChrome(e)
                || (LegacyHtml.IsTextLeaf(e) && LegacyHtml.IsToolText(LegacyHtml.TextOf(e)))
                || (e.LocalName == "a" && (e.GetAttribute("href") ?? string.Empty).TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        foreach (var element in drop)
        {
            element.Remove();
        }

        // A title repeated as the body's first line.
        if (body.Descendants<IElement>().FirstOrDefault(e => LegacyHtml.IsTextLeaf(e) && LegacyHtml.TextOf(e).Length > 0) is { } first && LegacyHtml.TextOf(first) == title)
        {
            first.Remove();
        }

        foreach (var element in body.Descendants<IElement>().ToList())
        {
            if (!RichTextSanitizer.IsAllowedTag(element.LocalName))
            {
                Unwrap(element);
                continue;
            }

            foreach (var attribute in element.Attributes.Select(a => a.Name).Where(n => n is "class" or "id" or "name" or "target" or "border" or "onclick").ToList())
            {
                element.RemoveAttribute(attribute);
            }

            if (element.LocalName == "a" && element.GetAttribute("href") is { } href)
            {
                if (Crawler.Resolve(baseUri, href) is { } url)
                {
                    element.SetAttribute("href", crawler.IsSameSite(url) ? crawler.Canonical(url).AbsoluteUri : url.AbsoluteUri);
                }
                else if (!href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                {
                    Unwrap(element);
                }
            }
            else if (element.LocalName == "img")
            {
                var src = element.GetAttribute("src") is { Length: > 0 } given ? given : element.GetAttribute("data-src") ?? element.GetAttribute("data-original");
                if (Crawler.Resolve(baseUri, src) is { } url)
                {
                    element.SetAttribute("src", crawler.IsSameSite(url) ? crawler.Canonical(url).AbsoluteUri : url.AbsoluteUri);
                }
                else
                {
                    element.Remove();
                }
            }
        }

        // What removals left empty (a paragraph that held only a print link).
        foreach (var element in body.Descendants<IElement>().Reverse().ToList())
        {
            if (element.LocalName is "p" or "div" or "span" or "strong" or "b" or "em" or "font" or "li" or "ul" or "ol" or "a"
                && LegacyHtml.TextOf(element).Length == 0 && element.QuerySelector("img, table, br, hr") is null)
            {
                element.Remove();
            }
        }
    }

    private static void Unwrap(IElement element)
    {
        if (element.Parent is not { } parent)
        {
            return;
        }

        while (element.FirstChild is { } child)
        {
            parent.InsertBefore(child, element);
        }

        element.Remove();
    }
}
