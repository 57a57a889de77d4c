using System.Text;
using System.Text.RegularExpressions;

namespace SiteCluster.Core.Crawling;

/// <summary>Where a page's character encoding was learnt from.</summary>
public enum EncodingSource
{
    ByteOrderMark,
    HttpHeader,
    MetaTag,
    Sniffed,
}

/// <summary>A page's text and how it was decoded.</summary>
public sealed record DecodedPage(string Text, Encoding Encoding, EncodingSource Source)
{
    /// <summary>A short name for reports: <c>utf-8</c>, <c>gb18030</c>, <c>big5</c>….</summary>
    public string Name => Encoding.WebName;
}

/// <summary>
/// Decodes HTML the way old Chinese government sites need: a byte-order mark first, then the
/// HTTP Content-Type charset, then <c>&lt;meta charset&gt;</c> or its http-equiv form. GB2312 and
/// GBK are read as GB18030, their superset, because pages labelled GB2312 routinely hold GBK
/// characters. Bytes that are valid UTF-8 with non-ASCII text are UTF-8 whatever the label
/// says (a mislabelled page is far likelier than GBK text that happens to be valid UTF-8), and
/// bytes that are not valid UTF-8 are never decoded as UTF-8.
/// </summary>
public static partial class PageEncoding
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>GB18030, which also reads GB2312 and GBK.</summary>
    public static Encoding Gb18030 { get; } = GetCodePage(54936);

    public static DecodedPage Decode(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DecodedPage(Encoding.UTF8.GetString(bytes[3..]), Encoding.UTF8, EncodingSource.ByteOrderMark);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var utf16 = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return new DecodedPage(utf16.GetString(bytes[2..]), utf16, EncodingSource.ByteOrderMark);
        }

        var declared = Lookup(httpCharset) is { } fromHeader
            ? (fromHeader, EncodingSource.HttpHeader)
            : Lookup(MetaCharset(bytes)) is { } fromMeta ? (fromMeta, EncodingSource.MetaTag) : ((Encoding?)null, EncodingSource.Sniffed);

        if (Ascii.IsValid(bytes))
        {
            return new DecodedPage(Encoding.ASCII.GetString(bytes), declared.Item1 ?? Encoding.UTF8, declared.Item2);
        }

        if (IsUtf8(bytes))
        {
            return new DecodedPage(Encoding.UTF8.GetString(bytes), Encoding.UTF8, declared.Item1?.CodePage == Encoding.UTF8.CodePage ? declared.Item2 : EncodingSource.Sniffed);
        }

        var encoding = declared.Item1 is { } label && label.CodePage != Encoding.UTF8.CodePage && !IsSingleByteWestern(label) ? label : Gb18030;
        return new DecodedPage(encoding.GetString(bytes), encoding, encoding == declared.Item1 ? declared.Item2 : EncodingSource.Sniffed);
    }

    /// <summary>The encoding a charset label names, GB2312 and GBK as GB18030; null for an unknown label.</summary>
    public static Encoding? Lookup(string? label)
    {
        var name = label?.Trim().Trim('"', '\'').ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name is "gb2312" or "gbk" or "gb18030" or "x-gbk" or "cp936" or "ms936" or "windows-936" or "euc-cn" or "csgb2312" or "chinese" or "gb_2312-80" or "iso-ir-58")
        {
            return Gb18030;
        }

        if (name is "utf8" or "utf-8" or "unicode-1-1-utf-8")
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The charset a page declares in its first 4 KB (<c>&lt;meta charset&gt;</c> or http-equiv Content-Type).</summary>
    public static string? MetaCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        return MetaCharsetRegex().Match(head) is { Success: true } match ? match.Groups[1].Value : null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsSingleByteWestern(Encoding encoding) => encoding.CodePage is 28591 or 1252 or 20127;

    private static Encoding GetCodePage(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetRegex();
}
