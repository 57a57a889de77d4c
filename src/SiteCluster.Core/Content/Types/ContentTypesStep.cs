using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Content.Types;

/// <summary>
/// <c>content-types</c>: installs the content types declared in a file
/// (<c>{"name": "content-types", "file": "content-types/standard.json"}</c>), keyed by name.
/// Types not in the file are kept: items of them stay readable.
/// </summary>
public sealed class ContentTypesStep(SiteClusterPaths paths) : RecipeStep<ContentTypesStep.Data>
{
    /// <summary>Key in <see cref="RecipeValidation.Items"/>: the definitions a recipe installs, by name.</summary>
    public const string DefinitionsItem = "content-types.definitions";

    public override string Name => "content-types";

    public sealed class Data : RecipeStepData
    {
        public string? File { get; set; }

        internal IReadOnlyList<ContentTypeDefinition>? Types { get; set; }
    }

    /// <summary>The content types known while validating: installed ones, overridden by those earlier steps declare.</summary>
    public static async Task<IReadOnlyDictionary<string, ContentTypeDefinition>> KnownAsync(RecipeValidation validation, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, ContentTypeDefinition>(StringComparer.Ordinal);
        foreach (var record in await validation.Db.ContentTypes.AsNoTracking().ToListAsync(cancellationToken))
        {
            known[record.Name] = ContentTypeStore.Parse(record);
        }

        if (validation.Items.TryGetValue(DefinitionsItem, out var declared))
        {
            foreach (var type in (IReadOnlyList<ContentTypeDefinition>)declared)
            {
                known[type.Name!] = type;
            }
        }

        return known;
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (await validation.ReadNamedFileAsync(paths, "file", data.File, "content-types/standard.json", cancellationToken) is not { } json)
        {
            return;
        }

        var (types, errors) = ContentTypesReader.Read(json);
        validation.AddFileErrors("file", data.File!, errors);

        if (types is not null)
        {
            data.Types = types;
            validation.Items[DefinitionsItem] = types;
        }
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var stored = await execution.Db.ContentTypes.ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var type in data.Types!)
        {
            var json = JsonSerializer.Serialize(type, ContentTypeStore.Json);
            if (!stored.TryGetValue(type.Name!, out var record))
            {
                execution.Db.ContentTypes.Add(new ContentTypeRecord
                {
                    Name = type.Name!,
                    DisplayName = type.DisplayName!.Trim(),
                    Definition = json,
                    UpdatedAt = execution.Time.GetUtcNow(),
                });
                created++;
            }
            else if (record.Definition != json || record.DisplayName != type.DisplayName!.Trim())
            {
                record.Definition = json;
                record.DisplayName = type.DisplayName!.Trim();
                record.UpdatedAt = execution.Time.GetUtcNow();
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        return (created, updated, unchanged);
    }
}
