using System.IO.Compression;

namespace SiteCluster.Core.Media;

/// <summary>What a file really is, decided from its bytes.</summary>
public sealed record SniffedType(string ContentType, string Extension, MediaKind Kind);

/// <summary>
/// Tells images, PDF and Office documents apart by their content: magic numbers, and for
/// OOXML the parts inside the zip. A name only decides between the legacy Office formats,
/// which share one container. SVG, HTML, executables and anything else are refused.
/// </summary>
public static class MediaSniffer
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Reads from the start of a seekable stream; null when the type is not accepted.</summary>
    public static SniffedType? Sniff(Stream content, string fileName)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[16];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;

        if (head.StartsWith(Png))
        {
            return new SniffedType("image/png", ".png", MediaKind.Image);
        }

        if (head.StartsWith(Jpeg))
        {
            return new SniffedType("image/jpeg", ".jpg", MediaKind.Image);
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return new SniffedType("image/gif", ".gif", MediaKind.Image);
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return new SniffedType("image/webp", ".webp", MediaKind.Image);
        }

        if (head.StartsWith(Pdf))
        {
            return new SniffedType("application/pdf", ".pdf", MediaKind.Pdf);
        }

        if (head.StartsWith(Zip))
        {
            return SniffOfficeOpenXml(content);
        }

        if (head.StartsWith(CompoundFile))
        {
            return Path.GetExtension(fileName).ToLowerInvariant() switch
            {
                ".doc" => new SniffedType("application/msword", ".doc", MediaKind.Document),
                ".xls" => new SniffedType("application/vnd.ms-excel", ".xls", MediaKind.Spreadsheet),
                ".ppt" => new SniffedType("application/vnd.ms-powerpoint", ".ppt", MediaKind.Presentation),
                _ => null,
            };
        }

        return null;
    }

    private static SniffedType? SniffOfficeOpenXml(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            bool Has(string name) => zip.GetEntry(name) is not null;
            if (!Has("[Content_Types].xml"))
            {
                return null;
            }

            return Has("word/document.xml") ? new SniffedType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", MediaKind.Document)
                : Has("xl/workbook.xml") ? new SniffedType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", MediaKind.Spreadsheet)
                : Has("ppt/presentation.xml") ? new SniffedType("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", MediaKind.Presentation)
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
