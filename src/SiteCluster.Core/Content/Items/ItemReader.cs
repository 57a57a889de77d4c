using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SiteCluster.Core.Data;

namespace SiteCluster.Core.Content.Items;

/// <summary>
/// Reads one item of a site by its id, untracked: the busiest read of the public sites, made
/// for every article page that is not in the page cache. Whether the public may see it is
/// the caller's question (<see cref="PublicContent.IsPublic"/>).
/// </summary>
public interface IItemReader
{
    /// <summary>The item <paramref name="itemId"/> if it belongs to <paramref name="siteId"/>; otherwise null.</summary>
    Task<PageItem?> FindAsync(SiteClusterDbContext db, Guid siteId, Guid itemId, CancellationToken cancellationToken);
}

/// <summary>
/// An item read for its public page. Where the database hands over the body as the UTF-8 it
/// stores (SQLite), the body is <see cref="Utf8Body"/> and <see cref="ContentItem.Body"/> is left
/// null: the page copies the bytes as they are, instead of decoding a 10 KB article into a string
/// to encode it back. Otherwise the body is in <see cref="ContentItem.Body"/>.
/// </summary>
public sealed record PageItem(ContentItem Item, ReadOnlyMemory<byte>? Utf8Body = null);

/// <summary>
/// PostgreSQL: a compiled EF query (Npgsql keeps its own prepared statements), run on the
/// scope's context, so the row-level security of the session applies as to any other query.
/// </summary>
public sealed class EfItemReader : IItemReader
{
    // A compiled query serves one model only, and a process can hold hosts on both providers
    // (the tests do), so each model gets its own.
    private static readonly ConcurrentDictionary<IModel, Func<SiteClusterDbContext, Guid, Guid, CancellationToken, Task<ContentItem?>>> Queries = new();

    public async Task<PageItem?> FindAsync(SiteClusterDbContext db, Guid siteId, Guid itemId, CancellationToken cancellationToken) =>
        await Queries.GetOrAdd(db.Model, _ => EF.CompileAsyncQuery((SiteClusterDbContext context, Guid site, Guid id, CancellationToken _) =>
            context.ContentItems.AsNoTracking().SingleOrDefault(i => i.Id == id && i.TenantId == site)))(db, siteId, itemId, cancellationToken) is { } item
            ? new PageItem(item)
            : null;
}

/// <summary>
/// SQLite: one statement, prepared once on each of a few connections kept open for it, instead
/// of a connection opened, a statement compiled and a context's query pipeline run per page.
/// On the benchmark's article page this more than doubles the pages rendered per second
/// (<c>docs/benchmarks.md</c>). Columns, types and conversions come from the EF model, so the
/// item read here is the one EF would read. Connections are used by one request at a time and
/// hold no transaction between reads, so they never keep a WAL checkpoint waiting.
/// </summary>
public sealed class SqliteItemReader : IItemReader, IDisposable
{
    private readonly ConcurrentBag<Slot> _idle = [];
    private readonly int _maxIdle = Math.Max(4, Environment.ProcessorCount * 4);
    private readonly Lock _shapeLock = new();
    private Shape? _shape;
    private int _idleCount;
    private bool _disposed;

    public Task<PageItem?> FindAsync(SiteClusterDbContext db, Guid siteId, Guid itemId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shape = ShapeFor(db);
        var slot = Rent(shape);
        try
        {
            slot.ItemId.Value = itemId;
            slot.SiteId.Value = siteId;
            PageItem? item = null;
            using (var reader = slot.Command.ExecuteReader())
            {
                if (reader.Read())
                {
                    item = shape.Materialize(reader);
                }
            }

            Return(slot);
            return Task.FromResult(item);
        }
        catch
        {
            // A connection that failed mid-read is not trusted again.
            slot.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var slot))
        {
            slot.Dispose();
        }
    }

    private Shape ShapeFor(SiteClusterDbContext db)
    {
        if (_shape is { } shape)
        {
            return shape;
        }

        lock (_shapeLock)
        {
            return _shape ??= Shape.Of(db);
        }
    }

    private Slot Rent(Shape shape)
    {
        if (_idle.TryTake(out var slot))
        {
            Interlocked.Decrement(ref _idleCount);
            return slot;
        }

        return Slot.Open(shape);
    }

    private void Return(Slot slot)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            slot.Dispose();
            return;
        }

        _idle.Add(slot);
    }

    /// <summary>An open connection with the statement prepared on it.</summary>
    private sealed class Slot(SqliteConnection connection, SqliteCommand command, DbParameter itemId, DbParameter siteId) : IDisposable
    {
        public SqliteCommand Command { get; } = command;

        public DbParameter ItemId { get; } = itemId;

        public DbParameter SiteId { get; } = siteId;

        public static Slot Open(Shape shape)
        {
            var connection = new SqliteConnection(shape.ConnectionString);
            try
            {
                connection.Open();
                var command = connection.CreateCommand();
                command.CommandText = shape.Sql;
                var itemId = shape.IdMapping.CreateParameter(command, "@id", Guid.Empty);
                var siteId = shape.TenantMapping.CreateParameter(command, "@site", Guid.Empty);
                command.Parameters.Add(itemId);
                command.Parameters.Add(siteId);
                command.Prepare();
                return new Slot(connection, command, itemId, siteId);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Command.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>
    /// The statement and the reading of its row, built once from the EF model; the body is read
    /// last, as the UTF-8 bytes SQLite stores it in.
    /// </summary>
    private sealed class Shape(string connectionString, string sql, RelationalTypeMapping idMapping, RelationalTypeMapping tenantMapping, Action<DbDataReader, ContentItem> read, int bodyOrdinal)
    {
        public string ConnectionString { get; } = connectionString;

        public string Sql { get; } = sql;

        public RelationalTypeMapping IdMapping { get; } = idMapping;

        public RelationalTypeMapping TenantMapping { get; } = tenantMapping;

        public PageItem Materialize(DbDataReader reader)
        {
            var item = new ContentItem { ContentType = string.Empty, Title = string.Empty };
            read(reader, item);
            return new PageItem(item, reader.IsDBNull(bodyOrdinal) ? null : reader.GetFieldValue<byte[]>(bodyOrdinal));
        }

        public static Shape Of(SiteClusterDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(ContentItem)) ?? throw new InvalidOperationException("ContentItem is not in the model.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sqlHelper = db.GetService<ISqlGenerationHelper>();
            var reader = Expression.Parameter(typeof(DbDataReader), "reader");
            var item = Expression.Parameter(typeof(ContentItem), "item");
            var columns = new List<string>();
            var reads = new List<Expression>();
            foreach (var property in entity.GetProperties())
            {
                if (property.PropertyInfo is not { } info || property.Name == nameof(ContentItem.Body))
                {
                    continue;
                }

                var ordinal = Expression.Constant(columns.Count);
                columns.Add(sqlHelper.DelimitIdentifier(property.GetColumnName(table)!));
                var value = ReadValue(reader, ordinal, property.GetRelationalTypeMapping(), property.ClrType);
                reads.Add(Expression.IfThen(
                    Expression.Not(Expression.Call(reader, IsDbNull, ordinal)),
                    Expression.Assign(Expression.Property(item, info), Expression.Convert(value, info.PropertyType))));
            }

            var bodyOrdinal = columns.Count;
            columns.Add(Column(entity, nameof(ContentItem.Body)));
            var sql = $"SELECT {string.Join(", ", columns)} FROM {sqlHelper.DelimitIdentifier(table.Name)} "
                + $"WHERE {Column(entity, nameof(ContentItem.Id))} = @id AND {Column(entity, nameof(ContentItem.TenantId))} = @site";
            var read = Expression.Lambda<Action<DbDataReader, ContentItem>>(Expression.Block(reads), reader, item).Compile();
            return new Shape(
                db.Database.GetConnectionString() ?? throw new InvalidOperationException("The SQLite context has no connection string."),
                sql,
                entity.FindProperty(nameof(ContentItem.Id))!.GetRelationalTypeMapping(),
                entity.FindProperty(nameof(ContentItem.TenantId))!.GetRelationalTypeMapping(),
                read,
                bodyOrdinal);

            string Column(IEntityType type, string name) => sqlHelper.DelimitIdentifier(type.FindProperty(name)!.GetColumnName(table)!);
        }

        /// <summary>The column as EF stores it (provider type), converted back to the model's type as EF would.</summary>
        private static Expression ReadValue(ParameterExpression reader, Expression ordinal, RelationalTypeMapping mapping, Type clrType)
        {
            var converter = mapping.Converter;
            var providerType = converter?.ProviderClrType ?? clrType;
            providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            Expression value = Expression.Call(reader, GetFieldValue.MakeGenericMethod(providerType), ordinal);
            if (converter is null)
            {
                return value;
            }

            var fromProvider = converter.ConvertFromProviderExpression;
            return Expression.Invoke(fromProvider, Expression.Convert(value, fromProvider.Parameters[0].Type));
        }

        private static readonly MethodInfo IsDbNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;

        private static readonly MethodInfo GetFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue), [typeof(int)])!;
    }
}
