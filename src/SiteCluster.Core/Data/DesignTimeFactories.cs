using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SiteCluster.Core.Data;

/// <summary>Used by <c>dotnet ef migrations add ... --context SqliteSiteClusterDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSiteClusterDbContext>
{
    public SqliteSiteClusterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSiteClusterDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used by <c>dotnet ef migrations add ... --context PostgreSqlSiteClusterDbContext</c>.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSiteClusterDbContext>
{
    public PostgreSqlSiteClusterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlSiteClusterDbContext>().UseNpgsql("Host=localhost").Options);
}
