using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Media;

public enum MediaKind
{
    Image = 1,
    Pdf = 2,
    Document = 3,
    Spreadsheet = 4,
    Presentation = 5,
}

/// <summary>An uploaded file of one site: an image, a PDF or an Office document.</summary>
public sealed class MediaItem : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The name it was uploaded with, for display and downloads.</summary>
    public required string FileName { get; set; }

    /// <summary>Decided by the file's content, not its name.</summary>
    public required string ContentType { get; set; }

    public MediaKind Kind { get; set; }

    public long Length { get; set; }

    /// <summary>Where <see cref="IMediaStore"/> keeps the bytes.</summary>
    public required string StorageKey { get; set; }

    /// <summary>Hex SHA-256 of the content.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
