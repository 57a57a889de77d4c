namespace SiteCluster.Core.Tenancy;

/// <summary>Raised when code writes a row of a site other than the current one.</summary>
public sealed class TenantIsolationException(string message) : InvalidOperationException(message);

/// <summary>Raised when code writes to an archived (read-only) site.</summary>
public sealed class SiteReadOnlyException(string siteName)
    : InvalidOperationException($"Site '{siteName}' is archived and read-only.")
{
    public string SiteName { get; } = siteName;
}
