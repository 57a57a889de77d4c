using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Audit;

/// <summary>Keeps the audit log to its retention period (<c>SiteCluster:Audit:RetentionDays</c>).</summary>
public sealed class AuditLog(SiteClusterDbContext db, IClusterScope clusterScope, IOptions<SiteClusterOptions> options, TimeProvider time)
{
    /// <summary>Deletes entries older than the retention period, on every site; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.Audit.RetentionDays);
        using var scope = clusterScope.Open("audit retention");

        // A set-based delete: it does not pass through SaveChanges, where the log refuses changes.
        return await db.AuditEntries.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
