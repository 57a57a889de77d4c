using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Recipes;

/// <summary>How recipes and the files they name are read: strict, so a typo is an error, not ignored.</summary>
public static partial class RecipeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The field path and a plain message for a deserialisation error.</summary>
    public static (string? Field, string Message) Describe(JsonException ex)
    {
        var path = ex.Path is null or "$" ? null : ex.Path.TrimStart('$').TrimStart('.');
        var unmapped = UnmappedRegex().Match(ex.Message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups[1].Value;
            var field = string.IsNullOrEmpty(path) ? name
                : path.EndsWith(name, StringComparison.Ordinal) ? path
                : $"{path}.{name}";
            return (field, "unknown field");
        }

        var converted = ConvertRegex().Match(ex.Message);
        if (converted.Success)
        {
            var typeName = converted.Groups[1].Value;
            var enumType = typeof(SiteLevel).Assembly.GetType(typeName);
            var expected = enumType is { IsEnum: true }
                ? "one of " + string.Join(", ", Enum.GetNames(enumType))
                : FriendlyType(typeName);
            return (path, $"invalid value; expected {expected}");
        }

        return (path, ex.LineNumber is { } line ? $"is not valid JSON (line {line + 1})" : "is not valid JSON");
    }

    private static string FriendlyType(string typeName) => typeName switch
    {
        "System.String" => "a string",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        _ when typeName.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "a list",
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedRegex();

    [GeneratedRegex(@"could not be converted to (?:System\.Nullable`1\[)?([\w.]+)")]
    private static partial Regex ConvertRegex();
}
