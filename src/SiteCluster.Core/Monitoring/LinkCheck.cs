using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>
/// Where the link checker is with one site: the pass under way (started at
/// <see cref="PassStartedAt"/>), whether it is complete, and its counts. A run that stops before
/// the pass is complete leaves it here, and the next run continues it. Owned by the site.
/// </summary>
public sealed class LinkCheckState : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>The address the pass starts from (the site's public home).</summary>
    public required string StartUrl { get; set; }

    /// <summary>The pass under way, counted from 1.</summary>
    public int Pass { get; set; }

    public DateTimeOffset PassStartedAt { get; set; }

    /// <summary>When the pass under way finished; null while it goes on.</summary>
    public DateTimeOffset? PassCompletedAt { get; set; }

    public DateTimeOffset LastRunAt { get; set; }

    public int PagesChecked { get; set; }

    public int LinksChecked { get; set; }
}

/// <summary>
/// One address the link checker met on a site: a page of the site (read for its links) or a link
/// (internal or external) only checked, with the page it was first seen on in the pass, and what
/// it answered when last checked. Owned by the site.
/// </summary>
public sealed class LinkCheckEntry : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Url { get; set; }

    /// <summary>SHA-256 of <see cref="Url"/> (hex), the key: addresses are longer than an index allows.</summary>
    public required string UrlHash { get; set; }

    /// <summary>A page of the site, read for the links on it; otherwise a link only checked.</summary>
    public bool IsPage { get; set; }

    /// <summary>The page the link was first met on in the pass (null for the start address).</summary>
    public string? FoundOn { get; set; }

    /// <summary>The pass that last met the address; one met in an earlier pass only is dropped when the pass completes.</summary>
    public int SeenInPass { get; set; }

    /// <summary>The pass that last checked it; while it differs from <see cref="SeenInPass"/> the address waits to be checked.</summary>
    public int CheckedInPass { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>The HTTP status; 0 when nothing answered.</summary>
    public int StatusCode { get; set; }

    public string? Error { get; set; }

    /// <summary>Checked, and it answered with an error or nothing (robots.txt refusals are not broken: they were not asked).</summary>
    public bool IsBroken { get; set; }
}
