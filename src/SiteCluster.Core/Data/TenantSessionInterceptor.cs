using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Data;

/// <summary>
/// On PostgreSQL, keeps the connection's session settings <c>sitecluster.tenant_id</c> and
/// <c>sitecluster.cluster_scope</c> equal to the scope's <see cref="TenantContext"/> before
/// every command, so row-level security sees the same tenant as the query filters.
/// </summary>
internal sealed class TenantSessionInterceptor(TenantContext tenant) : DbCommandInterceptor, IDbConnectionInterceptor
{
    private DbConnection? _appliedConnection;
    private string? _appliedKey;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Apply(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Apply(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, cancellationToken);
        return result;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Forget(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Forget(connection);
        return Task.CompletedTask;
    }

    private void Forget(DbConnection connection)
    {
        if (ReferenceEquals(connection, _appliedConnection))
        {
            _appliedConnection = null;
            _appliedKey = null;
        }
    }

    private void Apply(DbCommand command)
    {
        if (Prepare(command) is { } setCommand)
        {
            using (setCommand)
            {
                setCommand.ExecuteNonQuery();
            }
        }
    }

    private async Task ApplyAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (Prepare(command) is { } setCommand)
        {
            await using (setCommand)
            {
                await setCommand.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private DbCommand? Prepare(DbCommand command)
    {
        var connection = command.Connection!;
        var tenantId = tenant.TenantId?.ToString() ?? string.Empty;
        var scope = tenant.IsClusterScope ? "on" : "off";
        var key = tenantId + "|" + scope;
        if (ReferenceEquals(connection, _appliedConnection) && key == _appliedKey)
        {
            return null;
        }

        var setCommand = connection.CreateCommand();
        setCommand.Transaction = command.Transaction;
        setCommand.CommandText = "SELECT set_config('sitecluster.tenant_id', @tenant, false), set_config('sitecluster.cluster_scope', @scope, false)";
        AddParameter(setCommand, "tenant", tenantId);
        AddParameter(setCommand, "scope", scope);
        _appliedConnection = connection;
        _appliedKey = key;
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
