using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Audit;

/// <summary>What to read from the audit log; every filter is optional.</summary>
public sealed record AuditQuery(
    string? EntityType = null,
    string? EntityId = null,
    AuditAction? Action = null,
    string? Actor = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Skip = 0,
    int Take = 50,
    Guid? SiteId = null);

/// <summary>
/// The audit log: workflow actions recorded beside the row changes the database context
/// records on its own, reading by filter (the current site's entries only, as everywhere),
/// and retention (<c>SiteCluster:Audit:RetentionDays</c>).
/// </summary>
public sealed class AuditLog(SiteClusterDbContext db, AuditContext audit, IClusterScope clusterScope, IOptions<SiteClusterOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions DetailJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds a workflow action to the log; it is written by the caller's next save, in the same transaction as the change.</summary>
    public void Record(Guid tenantId, AuditAction action, string entityType, string entityId, object? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            At = time.GetUtcNow(),
            Actor = audit.Actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            After = detail is null ? null : JsonSerializer.Serialize(detail, DetailJson),
        });

    /// <summary>The current site's entries matching <paramref name="query"/>, newest first, and how many match in all.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var entries = db.AuditEntries.AsNoTracking();
        // In a cluster scope every site's entries are readable; this narrows them to one.
        if (query.SiteId is { } siteId)
        {
            entries = entries.Where(e => e.TenantId == siteId);
        }

        if (query.EntityType is { } type)
        {
            entries = entries.Where(e => e.EntityType == type);
        }

        if (query.EntityId is { } id)
        {
            entries = entries.Where(e => e.EntityId == id);
        }

        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (query.Actor is { } actor)
        {
            entries = entries.Where(e => e.Actor == actor);
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(query.Skip).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>Deletes entries older than the retention period, on every site; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.Audit.RetentionDays);
        using var scope = clusterScope.Open("audit retention");

        // A set-based delete: it does not pass through SaveChanges, where the log refuses changes.
        return await db.AuditEntries.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
