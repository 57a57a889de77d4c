using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SiteCluster.Core.Data;

/// <summary>The context on SQLite; its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteSiteClusterDbContext(DbContextOptions<SqliteSiteClusterDbContext> options)
    : SiteClusterDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite cannot compare DateTimeOffset stored as text; as a number (times are UTC) it
        // sorts and filters in SQL, which date rules (retention, freshness) need.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The context on PostgreSQL; its migrations live in <c>Data/Migrations/PostgreSql</c>.</summary>
public sealed class PostgreSqlSiteClusterDbContext(DbContextOptions<PostgreSqlSiteClusterDbContext> options)
    : SiteClusterDbContext(options);
