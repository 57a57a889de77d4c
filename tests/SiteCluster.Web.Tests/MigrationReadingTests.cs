using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SiteCluster.Core;
using SiteCluster.Core.Crawling;
using SiteCluster.Core.SiteMigration;

namespace SiteCluster.Web.Tests;

/// <summary>How the migration reads single old pages, robots.txt and column names: cases the fixtures do not reach.</summary>
public sealed class MigrationReadingTests
{
    private static readonly Uri Root = new("http://old.example.gov.cn/");

    [Theory]
    [InlineData("utf-8-bom", null, "utf-8")]
    [InlineData("gbk", "gbk", "gb18030")]
    [InlineData("gbk", null, "gb18030")]
    [InlineData("utf-8", "gb2312", "utf-8")]
    [InlineData("gbk-labelled-utf-8", null, "gb18030")]
    public void A_page_is_decoded_by_its_bytes_header_or_meta_and_never_garbled(string bytes, string? header, string expected)
    {
        const string text = "关于做好2019年政务公开工作的通知（喆）";
        var html = $"<html><head><meta charset=\"{(bytes == "gbk-labelled-utf-8" ? "utf-8" : "gbk")}\"><title>{text}</title></head><body><p>{text}</p></body></html>";
        var content = bytes switch
        {
            "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(html)],
            "utf-8" => Encoding.UTF8.GetBytes(html),
            _ => PageEncoding.Gb18030.GetBytes(html),
        };

        var decoded = PageEncoding.Decode(content, header);

        Assert.Equal(expected, decoded.Name);
        Assert.Contains($"<p>{text}</p>", decoded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Robots_rules_follow_the_longest_match_and_the_group_naming_the_crawler()
    {
        var rules = RobotsRules.Parse(
            """
            User-agent: *
            Disallow: /

            User-agent: SiteClusterBot
            Disallow: /private/
            Allow: /private/public*.html$
            Disallow: /*?print=
            Crawl-delay: 2
            """,
            "SiteClusterBot/1.0");

        Assert.True(rules.IsAllowed(new Uri(Root, "/xxgk/index.html")));
        Assert.False(rules.IsAllowed(new Uri(Root, "/private/a.html")));
        Assert.True(rules.IsAllowed(new Uri(Root, "/private/public-1.html")));
        Assert.False(rules.IsAllowed(new Uri(Root, "/private/public-1.html?x=1")));
        Assert.False(rules.IsAllowed(new Uri(Root, "/news/1.html?print=1")));
        Assert.Equal(TimeSpan.FromSeconds(2), rules.CrawlDelay);
        Assert.False(RobotsRules.Parse("User-agent: *\nDisallow: /", "OtherBot").IsAllowed(new Uri(Root, "/a.html")));
    }

    [Fact]
    public async Task A_list_page_with_a_next_page_link_and_an_article_with_a_source_line_are_told_apart()
    {
        using var crawler = Crawlers().Create(new FolderResourceSource(Path.GetTempPath()), Root);
        const string chrome = "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/news/list.asp?classid=3\">新闻动态</a></div>";
        var list = Page("/news/list.asp?classid=3", $"""
            <html><head><title>新闻动态 - 某某县人民政府</title></head><body>{chrome}
            <div class="crumb">您的位置：<a href="/">首页</a> » 新闻动态</div>
            <ul>{string.Concat(Enumerable.Range(1, 6).Select(i => $"<li><a href=\"/news/show.asp?id={100 + i}\">某某县召开第{i}次政务公开工作会议</a> 2019-03-0{i}</li>"))}</ul>
            <div><a href="/news/list.asp?classid=3&amp;page=2">下一页</a> <a href="/news/list.asp?classid=3&amp;page=9">尾页</a></div>
            <div class="copyright">版权所有 某某县人民政府 滇ICP备00000000号</div></body></html>
            """);
        var article = Page("/news/show.asp?id=101", $"""
            <html><head><title>某某县召开第1次政务公开工作会议 - 某某县人民政府</title></head><body>{chrome}
            <h2>某某县召开第1次政务公开工作会议</h2>
            <div class="source">来源：县政府办公室 | 作者：李喆 | 发布时间：2019年3月1日 09:30 | 点击数：<span id="hits">12</span></div>
            <div class="con"><p>会议传达学习了上级有关文件精神，对全县政务公开工作进行了安排部署，要求各部门明确责任、抓好落实。</p>
            <p>会议强调，要以群众需求为导向，推进重点领域信息公开，做好政策解读和回应关切工作。</p>
            <p>【<a href="javascript:window.print()">打印</a>】【<a href="javascript:self.close()">关闭</a>】</p></div>
            <div class="copyright">版权所有 某某县人民政府 滇ICP备00000000号</div></body></html>
            """);

        var listPage = LegacyPageReader.Read(list, LegacyPageHint.None, crawler, "某某县人民政府");
        var articlePage = LegacyPageReader.Read(article, LegacyPageHint.ListItem, crawler, "某某县人民政府");

        Assert.Equal(LegacyPageKind.List, listPage.Kind);
        Assert.Equal("新闻动态", listPage.ColumnName);
        Assert.Equal(6, listPage.Items!.Count);
        Assert.Equal(new DateOnly(2019, 3, 1), listPage.Items[0].Date);
        Assert.Equal(["http://old.example.gov.cn/news/list.asp?classid=3&page=2", "http://old.example.gov.cn/news/list.asp?classid=3&page=9"], listPage.Pagination);
        Assert.Equal("/news/list.asp?classid=3", LegacySite.ColumnKeyOf(new Uri(listPage.Pagination![0])));
        Assert.Equal(LegacyPageKind.Article, articlePage.Kind);
        var extracted = articlePage.Article!;
        Assert.Equal("某某县召开第1次政务公开工作会议", extracted.Title);
        Assert.Equal((new DateTimeOffset(2019, 3, 1, 9, 30, 0, TimeSpan.FromHours(8)), "县政府办公室", "李喆"), (extracted.Published, extracted.Source, extracted.Author));
        Assert.DoesNotContain("打印", extracted.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("点击数", extracted.Body, StringComparison.Ordinal);
        Assert.StartsWith("<p>会议传达学习了上级有关文件精神", extracted.Body, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("通知公告", "tzgg")]
    [InlineData("公示公告", "tzgg")]
    [InlineData("部门动态", "gzdt")]
    [InlineData("财政预决算", "czxx/ysjs")]
    [InlineData("政策文件", "zcwj")]
    [InlineData("便民查询", null)]
    public void Old_column_names_are_matched_to_the_sites_columns_by_likeness_and_common_synonyms(string oldName, string? expected)
    {
        TargetColumn[] targets =
        [
            new(Guid.NewGuid(), "zcwj", "政策文件", "02", ["PolicyDocument"]),
            new(Guid.NewGuid(), "zcwj/bjwj", "本级文件", "0201", ["PolicyDocument"]),
            new(Guid.NewGuid(), "tzgg", "通知公告", "04", ["Notice"]),
            new(Guid.NewGuid(), "gzdt", "工作动态", "05", ["Article"]),
            new(Guid.NewGuid(), "czxx", "财政信息", "08", ["Article", "Report"]),
            new(Guid.NewGuid(), "czxx/ysjs", "预算决算", "0801", ["Report"]),
        ];

        Assert.Equal(expected, ColumnMatcher.Propose(oldName, targets).Column?.Path);
    }

    private static CrawlResource Page(string path, string html) =>
        new(new Uri(Root, path), new Uri(Root, path), 200, "text/html", "utf-8", Encoding.UTF8.GetBytes(html), 1);

    private static CrawlerFactory Crawlers() => new(null!, Options.Create(new SiteClusterOptions()), TimeProvider.System, NullLoggerFactory.Instance);
}
