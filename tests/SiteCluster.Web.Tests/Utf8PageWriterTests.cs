using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Tests;

/// <summary>
/// The writer public pages are rendered into: what a reader's browser receives must be the page's
/// text in UTF-8, whatever pieces Razor writes it in.
/// </summary>
public sealed class Utf8PageWriterTests
{
    [Fact]
    public void A_rare_character_written_in_two_halves_text_and_stored_UTF8_come_out_as_one_UTF8_page()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new Utf8PageWriter(output);
        var stored = "<p>𪚥村公示：" + new string('办', 30_000) + "</p>";

        writer.Write("<h1>关于");
        writer.Write('\uD842');
        writer.Write('\uDFB7');
        writer.Write("野镇的通知</h1>");
        new Utf8Html(Encoding.UTF8.GetBytes(stored)).WriteTo(writer, HtmlEncoder.Default);
        writer.Write(['<', '/', 'm', 'a', 'i', 'n', '>'], 0, 7);
        writer.Complete();

        Assert.Equal("<h1>关于𠮷野镇的通知</h1>" + stored + "</main>", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Stored_UTF8_written_anywhere_else_is_decoded_to_the_same_text()
    {
        using var other = new StringWriter();

        new Utf8Html(Encoding.UTF8.GetBytes("<p>𠮷野镇</p>")).WriteTo(other, HtmlEncoder.Default);

        Assert.Equal("<p>𠮷野镇</p>", other.ToString());
    }
}
