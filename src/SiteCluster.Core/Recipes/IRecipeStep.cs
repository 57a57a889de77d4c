using System.Text.Json;

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
public abstract class RecipeStep<TData> : IRecipeStep
    where TData : RecipeStepData
{
    public abstract string Name { get; }

    public async Task<object?> ValidateAsync(JsonElement step, RecipeValidation validation, CancellationToken cancellationToken)
    {
        TData? data;
        try
        {
            data = step.Deserialize<TData>(RecipeJson.Options);
        }
        catch (JsonException ex)
        {
            var (field, message) = RecipeJson.Describe(ex);
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
}
