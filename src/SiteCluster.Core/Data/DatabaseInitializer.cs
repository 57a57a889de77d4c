using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace SiteCluster.Core.Data;

/// <summary>Creates or upgrades the schema and checks that tenant isolation can hold.</summary>
public sealed class DatabaseInitializer(SiteClusterDbContext db, ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers go on while a publish writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await EnsureRowSecurityHoldsAsync(cancellationToken);
    }

    /// <summary>
    /// Row-level security does not bind superusers or BYPASSRLS roles: refuse to run as one,
    /// rather than run with isolation silently off.
    /// </summary>
    public async Task EnsureRowSecurityHoldsAsync(CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var bypass = await db.Database
            .SqlQueryRaw<bool>("SELECT (rolsuper OR rolbypassrls) AS \"Value\" FROM pg_roles WHERE rolname = current_user")
            .SingleAsync(cancellationToken);
        if (bypass)
        {
            throw new InvalidOperationException(
                "The PostgreSQL role in SiteCluster:Database:ConnectionString is a superuser or has BYPASSRLS, so " +
                "row-level security would not isolate sites. Connect as an ordinary role that owns the database.");
        }
    }
}
