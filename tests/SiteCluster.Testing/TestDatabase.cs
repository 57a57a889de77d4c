using Npgsql;
using SiteCluster.Core;

namespace SiteCluster.Testing;

/// <summary>A fresh, empty database for one test fixture, on SQLite or PostgreSQL.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>A folder of its own, used as the data directory.</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sitecluster-test-").FullName;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteTestDatabase(),
        DatabaseProvider.PostgreSql => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Settings that point the host or the CLI at this database.</summary>
    public virtual Dictionary<string, string?> Settings() => new()
    {
        ["SiteCluster:DataDirectory"] = DataDirectory,
        ["SiteCluster:Database:Provider"] = Provider.ToString(),
        ["SiteCluster:Database:ConnectionString"] = ConnectionString,
        ["SiteCluster:Demo:ApplyOnEmptyDatabase"] = "false",
    };

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Log files may still be open by a host that is stopping; the temp folder is left.
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class SqliteTestDatabase : TestDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ConnectionString => $"Data Source={Path.Combine(DataDirectory, "sitecluster.db")};Pooling=False";
}

internal sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresTestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = TestServices.Postgres;
        var name = $"sc_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(admin, name);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();

        // FORCE ends the database's sessions, then waits at most 5 s for them to go; on a loaded
        // 2-core machine a session can take longer and the drop fails (55006, object in use).
        // A few more tries, each said on the error output; a drop that still fails fails the test
        // class, with its reason.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_adminConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException ex) when (attempt < 5)
            {
                await Console.Error.WriteLineAsync($"Dropping test database {_name}: {ex.SqlState} {ex.MessageText}; trying again ({attempt}/5)");
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        await base.DisposeAsync();
    }
}
