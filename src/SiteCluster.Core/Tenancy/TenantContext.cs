namespace SiteCluster.Core.Tenancy;

/// <summary>
/// The site the current request or job works for, set once by the tenant middleware (or by
/// a job) for its scope. Code below it never takes a tenant id from a request parameter.
/// </summary>
public sealed class TenantContext
{
    private int _clusterScopeDepth;

    public SiteInfo? Site { get; private set; }

    /// <summary>True inside <see cref="IClusterScope"/>: queries see every site's rows.</summary>
    public bool IsClusterScope => _clusterScopeDepth > 0;

    /// <summary>What the innermost open cluster scope was opened for.</summary>
    public string? ClusterScopeReason { get; private set; }

    public Guid? TenantId => Site?.Id;

    public void SetSite(SiteInfo site)
    {
        if (Site is not null && Site.Id != site.Id)
        {
            throw new InvalidOperationException($"The tenant of this scope is already '{Site.Slug}'.");
        }

        Site = site;
    }

    internal IDisposable EnterClusterScope(string reason)
    {
        var previousReason = ClusterScopeReason;
        _clusterScopeDepth++;
        ClusterScopeReason = reason;
        return new ScopeExit(this, previousReason);
    }

    private sealed class ScopeExit(TenantContext context, string? previousReason) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            context._clusterScopeDepth--;
            context.ClusterScopeReason = previousReason;
        }
    }
}
