using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>
/// One request to a site's public home page (网站可用性探测): when, what it answered, how long it
/// took, and why it failed. Owned by the site; the <c>Unreachable</c> rule reads the last week's.
/// </summary>
public sealed class AvailabilityProbe : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Url { get; set; }

    /// <summary>The HTTP status, or null when nothing answered (network failure, timeout).</summary>
    public int? StatusCode { get; set; }

    /// <summary>From sending the request to the whole page read.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Loaded in time with a 2xx answer.</summary>
    public bool Succeeded { get; set; }

    /// <summary>Why it failed: the status, a timeout, the network error.</summary>
    public string? Error { get; set; }
}
