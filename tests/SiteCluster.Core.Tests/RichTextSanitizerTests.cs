using SiteCluster.Core.Content.Publishing;

namespace SiteCluster.Core.Tests;

public sealed class RichTextSanitizerTests
{
    private readonly RichTextSanitizer _sanitizer = new();

    [Theory]
    [InlineData("<p>通知</p><script>alert(1)</script>", "<script")]
    [InlineData("<img src=\"x.png\" alt=\"图\" onerror=\"alert(1)\">", "onerror")]
    [InlineData("<a href=\"javascript:alert(1)\">点击</a>", "javascript:")]
    [InlineData("<a href=\"JaVaScRiPt&#58;alert(1)\">点击</a>", "alert(1)")]
    [InlineData("<a href=\" java\tscript:alert(1)\">点击</a>", "script:")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe><p>正文</p>", "<iframe")]
    [InlineData("<svg onload=\"alert(1)\"><circle/></svg><p>正文</p>", "onload")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">正文</p>", "javascript")]
    [InlineData("<form action=\"/x\"><input name=\"q\"></form><p>正文</p>", "<input")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"x\">", "data:")]
    [InlineData("<p onclick=\"steal()\">正文</p>", "onclick")]
    public void Hostile_markup_does_not_survive(string html, string forbidden)
    {
        var result = _sanitizer.Sanitize(html);

        Assert.DoesNotContain(forbidden, result.Html, StringComparison.OrdinalIgnoreCase);
        Assert.True(result.Changed, "the editor is told what was removed");
    }

    [Fact]
    public void Ordinary_article_markup_is_kept()
    {
        const string html = """<h2>一、总体要求</h2><p style="text-indent: 2em">为贯彻落实……</p><ul><li>第一条</li></ul>""" +
                            """<table><tr><th scope="col">项目</th></tr><tr><td colspan="2">内容</td></tr></table>""" +
                            """<p><a href="https://www.lincang.gov.cn/zcwj/1.html" title="原文">原文链接</a> <img src="/media/a.png" alt="示意图"></p>""";

        var result = _sanitizer.Sanitize(html);

        Assert.False(result.Changed, string.Join(", ", result.Removed));
        Assert.Contains("text-indent: 2em", result.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.lincang.gov.cn/zcwj/1.html\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("<td colspan=\"2\">内容</td>", result.Html, StringComparison.Ordinal);
        Assert.Contains("alt=\"示意图\"", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_without_a_text_alternative_are_listed()
    {
        var missing = _sanitizer.ImagesWithoutAlt("""<p><img src="/a.png" alt="图一"><img src="/b.png"><img src="/c.png" alt="  "></p>""");

        Assert.Equal(["/b.png", "/c.png"], missing);
    }
}
