using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Data;

/// <summary>The context on SQLite; its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteSiteClusterDbContext(DbContextOptions<SqliteSiteClusterDbContext> options, TenantContext tenant, AuditContext audit, TimeProvider time)
    : SiteClusterDbContext(options, tenant, audit, time);

/// <summary>The context on PostgreSQL; its migrations live in <c>Data/Migrations/PostgreSql</c>.</summary>
public sealed class PostgreSqlSiteClusterDbContext(DbContextOptions<PostgreSqlSiteClusterDbContext> options, TenantContext tenant, AuditContext audit, TimeProvider time)
    : SiteClusterDbContext(options, tenant, audit, time);
