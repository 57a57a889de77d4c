using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;

namespace SiteCluster.Core.Content.Types;

/// <summary>The installed content types, read once per scope.</summary>
public sealed class ContentTypeStore(SiteClusterDbContext db)
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
        if (_all is null)
        {
            var records = await db.ContentTypes.AsNoTracking().ToListAsync(cancellationToken);
            _all = records.ToDictionary(r => r.Name, Parse, StringComparer.Ordinal);
        }

        return _all;
    }

    public async Task<ContentTypeDefinition> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).GetValueOrDefault(name)
        ?? throw new InvalidOperationException($"Content type '{name}' is not installed.");

    internal static ContentTypeDefinition Parse(ContentTypeRecord record) =>
        JsonSerializer.Deserialize<ContentTypeDefinition>(record.Definition, Json)
        ?? throw new InvalidOperationException($"Content type '{record.Name}' has an empty definition.");
}
