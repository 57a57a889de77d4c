namespace SiteCluster.Core.Tenancy;

/// <summary>
/// A row that belongs to one site. Such rows are filtered by the current tenant in every
/// query, stamped with it on insert, and on PostgreSQL guarded by row-level security.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
