using System.Globalization;
using System.Net;
using System.Text;
using SiteCluster.Core.Crawling;

namespace SiteCluster.Testing;

/// <summary>An article the generator wrote, with what a faithful import yields.</summary>
public sealed record GeneratedArticle(
    string Path,
    string Column,
    string Title,
    DateTimeOffset Published,
    DateOnly? Written,
    string? DocumentNumber,
    string? Publisher,
    string Source,
    string Author,
    IReadOnlyList<(string Path, string Name)> Attachments,
    IReadOnlyList<string> Images,
    string FirstParagraph,
    int Paragraphs,
    string? LinksTo,
    bool HasPersonalData);

public sealed record GeneratedColumn(int Id, string Name, string Path, int Pages);

/// <summary>A generated old site on disk and its manifest.</summary>
public sealed record GeneratedSite(string Folder, string SiteName, IReadOnlyList<GeneratedColumn> Columns, IReadOnlyList<GeneratedArticle> Articles, int Pages)
{
    /// <summary>Attachments no media library accepts (an archive), with the article that links them.</summary>
    public IReadOnlyList<string> RefusedFiles { get; init; } = [];
}

/// <summary>
/// Writes an old county website of the other common kind (大汉-style): articles at
/// <c>/art/2019/3/5/art_1_42.html</c>, column lists at <c>/col/col1/index.html</c> whose further
/// pages only a script announces (<c>createPageHTML(5, 0, "index", "html")</c>), every page in
/// GB2312 (with GBK characters in it) declared by http-equiv, metadata as lines of text
/// (发布时间：… 来源：… 作者：… in the page, 发文机关：… 成文日期：… 发文字号：… atop a policy's
/// body), titles cut short in lists, attachments behind a download script, a sidebar of hot
/// articles, and the chrome such sites carry (font-size and print tools, 上一篇/下一篇, counters
/// written by script, a footer with filing numbers).
/// </summary>
public static class LegacySiteGenerator
{
    public const string SiteName = "测试县人民政府";

    private static readonly (string Name, string Kind)[] ColumnKinds =
    [
        ("通知公告", "notice"), ("政策文件", "policy"), ("部门动态", "news"), ("人事任免", "news"),
        ("公示公告", "notice"), ("规划计划", "news"), ("财政预决算", "news"), ("办事指南", "news"),
    ];

    // Short texts of our own, combined into paragraphs.
    private static readonly string[] Sentences =
    [
        "为进一步做好政务公开工作，切实保障人民群众的知情权、参与权和监督权，结合本县实际，制定本方案。",
        "各乡镇人民政府、县直各部门要高度重视，明确分管领导和具体工作人员，确保各项任务落到实处。",
        "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。",
        "县政府办公室将定期对各单位落实情况进行督查，督查结果纳入年度目标考核。",
        "对群众反映强烈的问题，要及时调查核实，依法依规妥善处理，并在规定时限内予以答复。",
        "各单位要加强政府网站信息内容建设，做好信息发布、解读回应和办事服务工作。",
        "本次活动共发放宣传资料三千余份，接受群众咨询四百余人次，取得了良好的社会效果。",
        "会议要求，要进一步提高思想认识，强化责任担当，以更加务实的作风推动工作落实。",
        "请各单位于每月五日前将上月工作开展情况报送县政府办公室，逾期未报的将予以通报。",
        "下一步，我县将继续完善工作机制，加强队伍建设，不断提升服务群众的能力和水平。",
        "经研究决定，对以下事项予以公示，公示期为七个工作日，公示期间如有异议，请向县人社局反映。",
        "全县上下要紧紧围绕年度目标任务，抢抓机遇，真抓实干，确保全年各项工作取得新成效。",
    ];

    private static readonly string[] Authors = ["李喆", "王堃", "张镕", "赵玥", "陈昊"];

    private static readonly string[] Sources = ["县民政局", "县人社局", "县政府办公室", "县财政局", "县发展和改革局"];

    /// <summary>
    /// Writes about <paramref name="totalPages"/> pages (home, lists and articles) into
    /// <paramref name="folder"/>, over <paramref name="columnCount"/> columns (at most 8) with
    /// <paramref name="perPage"/> articles per list page.
    /// </summary>
    public static GeneratedSite Generate(string folder, int totalPages, int columnCount = 4, int perPage = 8, bool withProblems = true)
    {
        columnCount = Math.Clamp(columnCount, 1, ColumnKinds.Length);
        var articleCount = Math.Max(columnCount, (int)((totalPages - 1) * perPage / (perPage + 1.0)));
        var random = new Random(20261202);
        var perColumn = Enumerable.Range(0, columnCount).Select(c => articleCount / columnCount + (c < articleCount % columnCount ? 1 : 0)).ToArray();
        var columns = Enumerable.Range(0, columnCount)
            .Select(c => new GeneratedColumn(c + 1, ColumnKinds[c].Name, $"/col/col{c + 1}/index.html", Math.Max(1, (perColumn[c] + perPage - 1) / perPage)))
            .ToList();

        var articles = new List<GeneratedArticle>();
        var id = 100;
        var day = new DateTime(2019, 12, 28, 9, 0, 0, DateTimeKind.Unspecified);
        for (var c = 0; c < columnCount; c++)
        {
            var kind = ColumnKinds[c].Kind;
            for (var i = 0; i < perColumn[c]; i++, id++)
            {
                var published = new DateTimeOffset(day.AddDays(-((id * 7) % 1500)).AddMinutes(id % 300), TimeSpan.FromHours(8));
                var path = $"/art/{published.Year}/{published.Month}/{published.Day}/art_{c + 1}_{id}.html";
                var title = kind switch
                {
                    "policy" => $"{SiteName}办公室关于印发第{id}号工作实施方案的通知",
                    "notice" => $"关于第{id}批政务公开事项的公示公告",
                    _ => $"全县第{id}次政务公开工作推进会顺利召开",
                };
                var paragraphs = 2 + (id % 4);
                var first = Sentences[id % Sentences.Length] + Sentences[(id + 3) % Sentences.Length];
                var images = id % 3 == 0 ? new[] { $"/picture/0/{id}.jpg" } : [];
                var attachments = new List<(string, string)>();
                if (kind != "news" || id % 4 == 0)
                {
                    attachments.Add(id % 2 == 0
                        ? ($"/module/download/downfile.jsp?classid=0&filename={id}.pdf", $"附件{id}.pdf")
                        : ($"/attach/0/{id}.docx", $"{title}（附件）.docx"));
                }

                articles.Add(new GeneratedArticle(
                    path,
                    ColumnKinds[c].Name,
                    title,
                    published,
                    kind == "policy" ? DateOnly.FromDateTime(published.AddDays(-3).DateTime) : null,
                    kind == "policy" ? $"测政办发〔{published.Year}〕{id}号" : null,
                    kind == "policy" ? $"{SiteName}办公室" : null,
                    Sources[id % Sources.Length],
                    Authors[id % Authors.Length],
                    attachments,
                    images,
                    first,
                    paragraphs,
                    null,
                    false));
            }
        }

        // Links between articles of different columns, and one to a page the site no longer has.
        for (var i = 0; i + 1 < articles.Count; i += 5)
        {
            var target = articles[(i + articles.Count / 2) % articles.Count];
            if (target.Path != articles[i].Path)
            {
                articles[i] = articles[i] with { LinksTo = target.Path };
            }
        }

        var refused = new List<string>();
        if (withProblems && articles.Count > 6)
        {
            articles[1] = articles[1] with { HasPersonalData = true };
            var withArchive = articles[2];
            var archive = $"/attach/0/{100 + 2}.rar";
            articles[2] = withArchive with { Attachments = [.. withArchive.Attachments, (archive, "材料汇编.rar")] };
            refused.Add(archive);
        }

        Directory.CreateDirectory(folder);
        Write(folder, "/robots.txt", "User-agent: *\nDisallow: /search/\n", Encoding.ASCII);
        Write(folder, "/index.html", Home(columns, articles), PageEncoding.Gb18030);
        var byColumn = articles.GroupBy(a => a.Column).ToDictionary(g => g.Key, g => g.ToList());
        var hot = articles.Take(5).ToList();
        var pages = 1;
        foreach (var column in columns)
        {
            var list = byColumn.GetValueOrDefault(column.Name) ?? [];
            for (var page = 0; page < column.Pages; page++)
            {
                var entries = list.Skip(page * perPage).Take(perPage).ToList();
                Write(folder, $"/col/col{column.Id}/{(page == 0 ? "index" : $"index_{page}")}.html", ListPage(columns, column, entries, page, hot), PageEncoding.Gb18030);
                pages++;
            }

            for (var i = 0; i < list.Count; i++)
            {
                var article = list[i];
                Write(folder, article.Path, ArticlePage(columns, column, article, i > 0 ? list[i - 1] : null, i + 1 < list.Count ? list[i + 1] : null, hot, articles), PageEncoding.Gb18030);
                foreach (var image in article.Images)
                {
                    WriteBytes(folder, image, [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes($"JFIF generated image {image}")]);
                }

                foreach (var (file, _) in article.Attachments)
                {
                    WriteBytes(folder, file, file.EndsWith(".rar", StringComparison.Ordinal) ? "Rar!\u001a\u0007\u0000"u8.ToArray()
                        : file.EndsWith(".docx", StringComparison.Ordinal) ? Docx()
                        : Encoding.ASCII.GetBytes($"%PDF-1.4\n% {file}\n1 0 obj\n<<>>\nendobj\n%%EOF\n"));
                }

                pages++;
            }
        }

        return new GeneratedSite(folder, SiteName, columns, articles, pages) { RefusedFiles = refused };
    }

    /// <summary>A valid 18-character ID number (check character included), the personal data the scanner finds.</summary>
    public static string IdNumber()
    {
        const string body = "53092119850312001";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    private static string Head(string title, string? column) =>
        $"""
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml"><head>
        <meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
        <title>{E(title)}</title>
        <meta name="SiteName" content="{SiteName}" />{(column is null ? string.Empty : $"<meta name=\"ColumnName\" content=\"{E(column)}\" />")}
        <script type="text/javascript" src="/script/common.js"></script>
        <style type="text/css">body {"{"} font-size: 12px; {"}"}</style>
        </head>
        """;

    private static string Chrome(IReadOnlyList<GeneratedColumn> columns) =>
        $"""
        <body>
        <div id="header"><div class="logo"><img src="/images/logo.png" alt="{SiteName}" /></div>
        <div class="search"><form action="/search/index.jsp" method="get"><input name="q" type="text" /><input type="submit" value="搜索" /></form><a href="/search/index.jsp?adv=1">高级搜索</a></div></div>
        <div class="menu"><a href="/">首页</a>{string.Concat(columns.Select(c => $" | <a href=\"{c.Path}\">{E(c.Name)}</a>"))}</div>
        """;

    private static string Footer =>
        $"""
        <div id="bottom"><p>版权所有：{SiteName}　主办：{SiteName}办公室　承办：县信息中心</p>
        <p>滇ICP备12345678号　滇公网安备 53092102000001号　网站标识码：5309210001</p>
        <p><script type="text/javascript">document.write("您是第" + 12345 + "位访问者");</script></p></div>
        </body></html>
        """;

    private static string Home(IReadOnlyList<GeneratedColumn> columns, IReadOnlyList<GeneratedArticle> articles)
    {
        var html = new StringBuilder(Head($"{SiteName}", null)).Append(Chrome(columns)).Append("<table width=\"1000\" class=\"main\"><tr><td>");
        foreach (var column in columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"box\"><h3><a href=\"{column.Path}\">{E(column.Name)}</a><a class=\"more\" href=\"{column.Path}\">更多&gt;&gt;</a></h3><ul>");
            foreach (var article in articles.Where(a => a.Column == column.Name).Take(5))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{article.Path}\" title=\"{E(article.Title)}\">{E(Short(article.Title))}</a><span>{article.Published:MM-dd}</span></li>");
            }

            html.Append("</ul></div>");
        }

        return html.Append("</td></tr></table>").Append(Footer).ToString();
    }

    private static string ListPage(IReadOnlyList<GeneratedColumn> columns, GeneratedColumn column, IReadOnlyList<GeneratedArticle> entries, int page, IReadOnlyList<GeneratedArticle> hot)
    {
        var html = new StringBuilder(Head($"{column.Name}-{SiteName}", column.Name)).Append(Chrome(columns));
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"dqwz\">您现在的位置：<a href=\"/\">首页</a> &gt; <a href=\"{column.Path}\">{E(column.Name)}</a></div>");
        html.Append(CultureInfo.InvariantCulture, $"<table width=\"1000\" class=\"main\"><tr><td class=\"content-left\"><div class=\"lanmu\"><h2>{E(column.Name)}</h2><table class=\"list\" width=\"100%\">");
        foreach (var article in entries)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"bt\">·<a href=\"{article.Path}\" target=\"_blank\" title=\"{E(article.Title)}\">{E(Short(article.Title))}</a></td><td class=\"rq\">{article.Published:yyyy-MM-dd}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><div id=\"pagebar\"><script type=\"text/javascript\">createPageHTML({column.Pages}, {page}, \"index\", \"html\");</script></div></div></td>");
        return html.Append(Sidebar(hot)).Append("</tr></table>").Append(Footer).ToString();
    }

    private static string ArticlePage(
        IReadOnlyList<GeneratedColumn> columns, GeneratedColumn column, GeneratedArticle article, GeneratedArticle? previous, GeneratedArticle? next,
        IReadOnlyList<GeneratedArticle> hot, IReadOnlyList<GeneratedArticle> all)
    {
        var html = new StringBuilder(Head($"{article.Title}-{SiteName}", column.Name)).Append(Chrome(columns));
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"dqwz\">您现在的位置：<a href=\"/\">首页</a> &gt; <a href=\"{column.Path}\">{E(column.Name)}</a> &gt; 正文</div>");
        html.Append("<table width=\"1000\" class=\"main\"><tr><td class=\"content-left\"><div class=\"article\">");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"biaoti\">{E(article.Title)}</div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"info\">发布时间：{article.Published:yyyy-MM-dd HH:mm}&nbsp;&nbsp;来源：{E(article.Source)}&nbsp;&nbsp;作者：{E(article.Author)}&nbsp;&nbsp;浏览次数：<script type=\"text/javascript\">document.write(Math.round(Math.random()*1000));</script>&nbsp;&nbsp;【字体：<a href=\"javascript:doZoom(16)\">大</a> <a href=\"javascript:doZoom(14)\">中</a> <a href=\"javascript:doZoom(12)\">小</a>】</div>");
        html.Append("<div id=\"zoom\">");
        if (article.Publisher is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>发文机关：{E(article.Publisher)}</p><p>成文日期：{article.Written:yyyy年M月d日}</p><p>发文字号：{E(article.DocumentNumber!)}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p style=\"text-indent:2em\"><font face=\"仿宋_GB2312\" size=\"3\">{E(article.FirstParagraph)}</font></p>");
        var id = int.Parse(article.Path[(article.Path.LastIndexOf('_') + 1)..^5], CultureInfo.InvariantCulture);
        for (var p = 1; p < article.Paragraphs; p++)
        {
            var text = Sentences[(id + p * 5) % Sentences.Length] + (p == 1 && article.HasPersonalData ? $"联系人身份证号码：{IdNumber()}。" : string.Empty);
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"text-indent:2em\">{E(text)}<o:p></o:p></p>");
        }

        foreach (var image in article.Images)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p align=\"center\"><img src=\"{image}\" border=\"0\" /></p>");
        }

        if (article.LinksTo is { } target)
        {
            var linked = all.First(a => a.Path == target);
            html.Append(CultureInfo.InvariantCulture, $"<p>相关文件：<a href=\"{target}\" target=\"_blank\">{E(linked.Title)}</a></p>");
            html.Append("<p>参考：<a href=\"/art/2015/1/1/art_9_1.html\">已撤销的旧文件</a></p>");
        }

        foreach (var (file, name) in article.Attachments)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>附件：<a href=\"{E(file)}\">{E(name)}</a></p>");
        }

        html.Append("</div>");
        html.Append("<div class=\"print\"><a href=\"javascript:window.print()\">【打印本页】</a>&nbsp;&nbsp;<a href=\"javascript:window.close()\">【关闭窗口】</a></div>");
        html.Append("<div class=\"sxp\">");
        html.Append(previous is null ? "上一篇：没有了" : $"上一篇：<a href=\"{previous.Path}\">{E(previous.Title)}</a>");
        html.Append("<br />");
        html.Append(next is null ? "下一篇：没有了" : $"下一篇：<a href=\"{next.Path}\">{E(next.Title)}</a>");
        html.Append("</div></div></td>");
        return html.Append(Sidebar(hot)).Append("</tr></table>").Append(Footer).ToString();
    }

    private static string Sidebar(IReadOnlyList<GeneratedArticle> hot) =>
        "<td class=\"side\" width=\"260\"><div class=\"hot\"><h3>热点信息</h3><ul>"
        + string.Concat(hot.Select(a => $"<li><a href=\"{a.Path}\" title=\"{E(a.Title)}\">{E(Short(a.Title))}</a></li>"))
        + "</ul></div></td>";

    private static string Short(string title) => title.Length > 18 ? title[..18] + "…" : title;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The smallest zip a sniffer reads as a Word document.</summary>
    private static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<?xml version=\"1.0\"?><x/>");
            }
        }

        return stream.ToArray();
    }

    private static void Write(string folder, string path, string text, Encoding encoding) => WriteBytes(folder, path, encoding.GetBytes(text));

    private static void WriteBytes(string folder, string path, byte[] bytes)
    {
        var file = Path.Combine(folder, path.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
    }
}
