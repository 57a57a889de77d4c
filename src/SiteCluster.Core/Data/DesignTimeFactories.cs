using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Data;

/// <summary>Used by <c>dotnet ef migrations add ... --context SqliteSiteClusterDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSiteClusterDbContext>
{
    public SqliteSiteClusterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSiteClusterDbContext>().UseSqlite("Data Source=design.db").Options, new TenantContext(), new AuditContext(), TimeProvider.System);
}

/// <summary>Used by <c>dotnet ef migrations add ... --context PostgreSqlSiteClusterDbContext</c>.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSiteClusterDbContext>
{
    public PostgreSqlSiteClusterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlSiteClusterDbContext>().UseNpgsql("Host=localhost").Options, new TenantContext(), new AuditContext(), TimeProvider.System);
}
