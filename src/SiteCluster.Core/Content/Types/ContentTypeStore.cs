using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;

namespace SiteCluster.Core.Content.Types;

/// <summary>The installed content types, read once and kept until a change to them is committed.</summary>
public sealed class ContentTypeStore(SiteClusterDbContext db, PublicReadCaches caches)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private IReadOnlyDictionary<string, ContentTypeDefinition>? _all;

    public async Task<IReadOnlyDictionary<string, ContentTypeDefinition>> AllAsync(CancellationToken cancellationToken = default)
    {
        _all ??= (IReadOnlyDictionary<string, ContentTypeDefinition>)await caches.ContentTypes.GetAsync(string.Empty, async () =>
        {
            var records = await db.ContentTypes.AsNoTracking().ToListAsync(cancellationToken);
            return records.ToDictionary(r => r.Name, Parse, StringComparer.Ordinal);
        });
        return _all;
    }

    public async Task<ContentTypeDefinition> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).GetValueOrDefault(name)
        ?? throw new InvalidOperationException($"Content type '{name}' is not installed.");

    internal static ContentTypeDefinition Parse(ContentTypeRecord record) =>
        JsonSerializer.Deserialize<ContentTypeDefinition>(record.Definition, Json)
        ?? throw new InvalidOperationException($"Content type '{record.Name}' has an empty definition.");
}
