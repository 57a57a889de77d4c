using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.SiteMigration;

/// <summary>
/// An address of a site's old website that now answers 301: an imported article leads to its
/// item, an old list page to its column, an old file to the copied file, the old home page to
/// the home page. Targets are kept by id, so a moved column still leads to the right address.
/// </summary>
public sealed class LegacyRedirect : ITenantOwned
{
    public const int MaxKeyLength = 1000;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The old path and query, decoded and in lower case: what a request's path is looked up by (<see cref="KeyOf(string, string?)"/>).</summary>
    public required string PathKey { get; set; }

    /// <summary>The old address as it was found.</summary>
    public required string OldUrl { get; set; }

    public Guid? ItemId { get; set; }

    public Guid? ColumnId { get; set; }

    public Guid? MediaId { get; set; }

    /// <summary>The file name in the address of <see cref="MediaId"/>.</summary>
    public string? MediaName { get; set; }

    /// <summary>True for the old home page (<c>/index.html</c>), which leads to the home page.</summary>
    public bool IsHome { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The lookup key of a path and query as a request gives them (the path decoded, the query as sent).</summary>
    public static string KeyOf(string path, string? query)
    {
        var decoded = Uri.UnescapeDataString(path.Length == 0 ? "/" : path);
        var key = (decoded.StartsWith('/') ? decoded : "/" + decoded) + (query is { Length: > 1 } q ? (q[0] == '?' ? q : "?" + q) : string.Empty);
        return key.ToLowerInvariant();
    }

    /// <summary>The lookup key of an old absolute address.</summary>
    public static string KeyOf(Uri url) => KeyOf(url.AbsolutePath, url.Query);
}

public enum MigrationRunStatus
{
    Running = 1,
    Completed = 2,

    /// <summary>Stopped before the end (cancelled or failed); the next run with the same source continues it.</summary>
    Interrupted = 3,
}

/// <summary>One run of <c>sitecluster migrate</c> for a site, with its report as JSON (the admin shows the latest).</summary>
public sealed class MigrationRun : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Source { get; set; }

    public bool DryRun { get; set; }

    public MigrationRunStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The <see cref="MigrationReport"/> as JSON.</summary>
    public required string Report { get; set; }
}
