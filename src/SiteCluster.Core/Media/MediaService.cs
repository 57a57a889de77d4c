using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Media;

public enum MediaRejection
{
    Empty,
    TooLarge,
    UnsupportedType,
}

/// <summary>An upload that was refused; nothing of it was kept.</summary>
public sealed class MediaRejectedException(MediaRejection reason, string message) : Exception(message)
{
    public MediaRejection Reason { get; } = reason;
}

/// <summary>A file that an item still uses and so cannot be deleted.</summary>
public sealed class MediaInUseException(string fileName) : Exception($"'{fileName}' is used by an item.")
{
    public string FileName { get; } = fileName;
}

/// <summary>
/// Uploads into the current site's media: the size limit is enforced while reading, the type
/// is sniffed from the content, the bytes are stored before the record, and a failed record
/// removes the stored bytes, so nothing dangles.
/// </summary>
public sealed class MediaService(
    SiteClusterDbContext db,
    TenantContext tenant,
    IMediaStore store,
    IOptions<SiteClusterOptions> options,
    TimeProvider time)
{
    public async Task<MediaItem> UploadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var site = tenant.Site ?? throw new TenantIsolationException("Media is uploaded to a site; this scope has none.");
        if (site.IsReadOnly)
        {
            throw new SiteReadOnlyException(site.Name);
        }

        var limit = options.Value.Media.MaxUploadBytes;
        var temp = Path.GetTempFileName();
        try
        {
            string sha256;
            long length;
            await using (var buffer = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                (length, sha256) = await CopyWithLimitAsync(content, buffer, limit, cancellationToken);
                if (length == 0)
                {
                    throw new MediaRejectedException(MediaRejection.Empty, $"'{fileName}' is empty.");
                }

                var type = MediaSniffer.Sniff(buffer, fileName)
                    ?? throw new MediaRejectedException(MediaRejection.UnsupportedType,
                        $"'{fileName}' is not an image (JPEG, PNG, GIF, WebP), a PDF or an Office document.");

                var now = time.GetUtcNow();
                var item = new MediaItem
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = site.Id,
                    FileName = CleanName(fileName),
                    ContentType = type.ContentType,
                    Kind = type.Kind,
                    Length = length,
                    Sha256 = sha256,
                    UploadedAt = now,
                    StorageKey = string.Empty,
                };
                item.StorageKey = $"{site.Id:N}/{now:yyyy}/{now:MM}/{item.Id:N}{type.Extension}";

                buffer.Position = 0;
                await store.SaveAsync(item.StorageKey, buffer, cancellationToken);
                try
                {
                    db.MediaItems.Add(item);
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch
                {
                    db.MediaItems.Remove(item);
                    await store.DeleteAsync(item.StorageKey, CancellationToken.None);
                    throw;
                }

                return item;
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Whether any item of the current site uses the file: attached, shown in a body or a rich
    /// text field, in its live row or in any saved version (a version restored later must not
    /// lose its files); or a consultation attaches it or shows it in its draft.
    /// </summary>
    public async Task<bool> IsInUseAsync(Guid mediaId, CancellationToken cancellationToken = default)
    {
        var pattern = $"%{mediaId}%";
        return await db.ContentItems
                .FromSql($"""SELECT * FROM "ContentItems" WHERE "Attachments" LIKE {pattern} OR "Body" LIKE {pattern} OR "Fields" LIKE {pattern}""")
                .AnyAsync(cancellationToken)
            || await db.ContentVersions
                .FromSql($"""SELECT * FROM "ContentVersions" WHERE "Snapshot" LIKE {pattern}""")
                .AnyAsync(cancellationToken)
            || await db.Consultations.AnyAsync(c => c.AttachmentId == mediaId || c.Body!.Contains(mediaId.ToString()), cancellationToken);
    }

    /// <summary>
    /// Deletes a file no item uses: the record goes first (audited), then the bytes, so a
    /// failure leaves at worst unreferenced bytes, never a record without its file.
    /// </summary>
    /// <exception cref="MediaInUseException">An item or a version uses it.</exception>
    public async Task<bool> DeleteUnusedAsync(Guid mediaId, CancellationToken cancellationToken = default)
    {
        var site = tenant.Site ?? throw new TenantIsolationException("Media is deleted from a site; this scope has none.");
        if (site.IsReadOnly)
        {
            throw new SiteReadOnlyException(site.Name);
        }

        var item = await db.MediaItems.SingleOrDefaultAsync(m => m.Id == mediaId, cancellationToken);
        if (item is null)
        {
            return false;
        }

        if (await IsInUseAsync(mediaId, cancellationToken))
        {
            throw new MediaInUseException(item.FileName);
        }

        db.MediaItems.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        await store.DeleteAsync(item.StorageKey, CancellationToken.None);
        return true;
    }

    private static async Task<(long Length, string Sha256)> CopyWithLimitAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new MediaRejectedException(MediaRejection.TooLarge, $"The file is larger than the limit of {limit / 1024 / 1024} MB.");
            }

            hash.AppendData(chunk, 0, read);
            await target.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string CleanName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return name.Length == 0 ? "file" : name.Length > 200 ? name[..200] : name;
    }
}
