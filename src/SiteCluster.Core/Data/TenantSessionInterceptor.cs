using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SiteCluster.Core.Data;

/// <summary>
/// On PostgreSQL, keeps the connection's session settings <c>sitecluster.tenant_id</c> and
/// <c>sitecluster.cluster_scope</c> equal to the scope's <see cref="Tenancy.TenantContext"/> before
/// every command, so row-level security sees the same tenant as the query filters.
/// </summary>
internal sealed class TenantSessionInterceptor : DbCommandInterceptor, IDbConnectionInterceptor
{
    // What this lease of a context last set on its connection (one interceptor serves every context).
    private sealed class Applied
    {
        public DbConnection? Connection { get; set; }

        public string? Key { get; set; }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command, eventData.Context);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData.Context, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Apply(command, eventData.Context);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData.Context, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Apply(command, eventData.Context);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData.Context, cancellationToken);
        return result;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Forget(connection, eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Forget(connection, eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(DbConnection connection, DbContext? context)
    {
        if (context is SiteClusterDbContext leased && leased.LeaseState<Applied>() is var applied && ReferenceEquals(connection, applied.Connection))
        {
            applied.Connection = null;
            applied.Key = null;
        }
    }

    private static void Apply(DbCommand command, DbContext? context)
    {
        if (Prepare(command, context) is { } setCommand)
        {
            using (setCommand)
            {
                setCommand.ExecuteNonQuery();
            }
        }
    }

    private static async Task ApplyAsync(DbCommand command, DbContext? context, CancellationToken cancellationToken)
    {
        if (Prepare(command, context) is { } setCommand)
        {
            await using (setCommand)
            {
                await setCommand.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static DbCommand? Prepare(DbCommand command, DbContext? context)
    {
        // A command of no context of ours carries no tenant: the row policies then show nothing.
        if (context is not SiteClusterDbContext leased)
        {
            return null;
        }

        var tenant = leased.Tenant;
        var applied = leased.LeaseState<Applied>();
        var connection = command.Connection!;
        var tenantId = tenant.TenantId?.ToString() ?? string.Empty;
        var scope = tenant.IsClusterScope ? "on" : "off";
        var key = tenantId + "|" + scope;
        if (ReferenceEquals(connection, applied.Connection) && key == applied.Key)
        {
            return null;
        }

        var setCommand = connection.CreateCommand();
        setCommand.Transaction = command.Transaction;
        setCommand.CommandText = "SELECT set_config('sitecluster.tenant_id', @tenant, false), set_config('sitecluster.cluster_scope', @scope, false)";
        AddParameter(setCommand, "tenant", tenantId);
        AddParameter(setCommand, "scope", scope);
        applied.Connection = connection;
        applied.Key = key;
        return setCommand;
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
