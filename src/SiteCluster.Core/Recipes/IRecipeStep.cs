using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Recipes;

/// <summary>
/// A named recipe step: the extension point for features (catalogue, content, monitoring
/// rules). Steps are validated all together before any is applied, and must be idempotent:
/// upsert by stable keys, so that applying a recipe twice changes nothing the second time.
/// </summary>
public interface IRecipeStep
{
    /// <summary>The value of the step's <c>name</c> field.</summary>
    string Name { get; }

    /// <summary>Reads and checks the step; reports problems to <paramref name="validation"/>; returns the parsed data or null.</summary>
    Task<object?> ValidateAsync(JsonElement step, RecipeValidation validation, CancellationToken cancellationToken);

    /// <summary>Applies data returned by <see cref="ValidateAsync"/>.</summary>
    Task<(int Created, int Updated, int Unchanged)> ApplyAsync(object data, RecipeExecution execution, CancellationToken cancellationToken);
}

/// <summary>Base of every step's data: the step's <c>name</c>.</summary>
public abstract class RecipeStepData
{
    public string Name { get; set; } = string.Empty;
}

/// <summary>A step whose JSON is read into <typeparamref name="TData"/>, where an unknown field is an error.</summary>
public abstract partial class RecipeStep<TData> : IRecipeStep
    where TData : RecipeStepData
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public abstract string Name { get; }

    public async Task<object?> ValidateAsync(JsonElement step, RecipeValidation validation, CancellationToken cancellationToken)
    {
        TData? data;
        try
        {
            data = step.Deserialize<TData>(JsonOptions);
        }
        catch (JsonException ex)
        {
            var (field, message) = Describe(ex);
            validation.AddError(field, message);
            return null;
        }

        if (data is null)
        {
            validation.AddError(null, "the step is empty");
            return null;
        }

        var before = validation.Errors.Count;
        await ValidateAsync(data, validation, cancellationToken);
        return validation.Errors.Count == before ? data : null;
    }

    public Task<(int Created, int Updated, int Unchanged)> ApplyAsync(object data, RecipeExecution execution, CancellationToken cancellationToken) =>
        ApplyAsync((TData)data, execution, cancellationToken);

    protected abstract Task ValidateAsync(TData data, RecipeValidation validation, CancellationToken cancellationToken);

    protected abstract Task<(int Created, int Updated, int Unchanged)> ApplyAsync(TData data, RecipeExecution execution, CancellationToken cancellationToken);

    private static (string? Field, string Message) Describe(JsonException ex)
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

        return (path, "is not valid JSON for this step");
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
