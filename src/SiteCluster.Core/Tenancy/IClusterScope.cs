using Microsoft.Extensions.Logging;

namespace SiteCluster.Core.Tenancy;

/// <summary>
/// The one audited way to work across sites (monitoring, reposting, recipes, registry).
/// While a cluster scope is open, tenant filters and row-level security let every site's
/// rows through; opening one is logged with its reason.
/// </summary>
public interface IClusterScope
{
    /// <summary>Opens a cluster scope for the current DI scope; dispose to close it.</summary>
    IDisposable Open(string reason);
}

internal sealed class ClusterScope(TenantContext tenant, ILogger<ClusterScope> logger) : IClusterScope
{
    public IDisposable Open(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        logger.LogInformation("Cluster scope opened for {ClusterScopeReason} (tenant {Tenant})", reason, tenant.Site?.Slug ?? "-");
        return tenant.EnterClusterScope(reason);
    }
}
