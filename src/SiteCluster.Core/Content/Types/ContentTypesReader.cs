using System.Text.Json;
using System.Text.RegularExpressions;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Content.Types;

/// <summary>A content types file: <c>{ "types": [ ... ] }</c>.</summary>
public sealed class ContentTypesFile
{
    public List<ContentTypeDefinition>? Types { get; set; }
}

/// <summary>Reads and checks content type files; errors carry the field path inside the file.</summary>
public static partial class ContentTypesReader
{
    public static (IReadOnlyList<ContentTypeDefinition>? Types, IReadOnlyList<(string? Field, string Message)> Errors) Read(string json)
    {
        ContentTypesFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ContentTypesFile>(json, RecipeJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, [RecipeJson.Describe(ex)]);
        }

        if (file?.Types is not { Count: > 0 })
        {
            return (null, [("types", "list at least one content type")]);
        }

        var errors = Validate(file.Types);
        return (errors.Count == 0 ? file.Types : null, errors);
    }

    /// <summary>Whether <paramref name="name"/> can name a content type (PascalCase letters and digits).</summary>
    public static bool IsTypeName(string? name) => name is not null && TypeNameRegex().IsMatch(name);

    private static List<(string?, string)> Validate(List<ContentTypeDefinition> types)
    {
        var errors = new List<(string?, string)>();
        var names = types.Select(t => t.Name).Where(IsTypeName).Select(n => n!).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < types.Count; t++)
        {
            var type = types[t];
            var field = $"types[{t}]";
            if (!IsTypeName(type.Name))
            {
                errors.Add(($"{field}.name", "use a PascalCase name of letters and digits, e.g. PolicyDocument"));
            }
            else if (!seen.Add(type.Name!))
            {
                errors.Add(($"{field}.name", $"'{type.Name}' is declared twice"));
            }

            if (string.IsNullOrWhiteSpace(type.DisplayName))
            {
                errors.Add(($"{field}.displayName", "is required"));
            }

            var fieldNames = new HashSet<string>(StringComparer.Ordinal);
            for (var f = 0; f < type.AllFields.Count; f++)
            {
                ValidateField(type.AllFields[f], $"{field}.fields[{f}]", fieldNames, names, errors);
            }
        }

        return errors;
    }

    private static void ValidateField(
        ContentFieldDefinition definition, string field, HashSet<string> fieldNames, HashSet<string> typeNames, List<(string?, string)> errors)
    {
        if (definition.Name is null || !FieldNameRegex().IsMatch(definition.Name))
        {
            errors.Add(($"{field}.name", "use a camelCase name of letters and digits, e.g. documentNumber"));
        }
        else if (!fieldNames.Add(definition.Name))
        {
            errors.Add(($"{field}.name", $"'{definition.Name}' is declared twice in this type"));
        }

        if (string.IsNullOrWhiteSpace(definition.DisplayName))
        {
            errors.Add(($"{field}.displayName", "is required"));
        }

        switch (definition.Type)
        {
            case null:
                errors.Add(($"{field}.type", $"is required; one of {string.Join(", ", Enum.GetNames<ContentFieldType>())}"));
                break;
            case ContentFieldType.Choice when definition.Options is not { Count: > 0 } || definition.Options.Any(string.IsNullOrWhiteSpace):
                errors.Add(($"{field}.options", "a Choice field lists its options"));
                break;
            case ContentFieldType.ContentRef when definition.ContentType is null || !typeNames.Contains(definition.ContentType):
                errors.Add(($"{field}.contentType", $"'{definition.ContentType}' is not a content type declared in this file"));
                break;
        }

        if (definition.Options is not null && definition.Type is not ContentFieldType.Choice)
        {
            errors.Add(($"{field}.options", "only a Choice field has options"));
        }

        if (definition.MaxLength is <= 0)
        {
            errors.Add(($"{field}.maxLength", "must be a positive number"));
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,63}$")]
    private static partial Regex TypeNameRegex();

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex FieldNameRegex();
}
