namespace SiteCluster.Core.Recipes;

/// <summary>One mistake in a recipe, located by file, step and field.</summary>
/// <param name="File">The recipe file (or source name).</param>
/// <param name="StepIndex">1-based index of the step; 0 for the file itself.</param>
/// <param name="StepName">The step's name, when known.</param>
/// <param name="Field">JSON path of the field inside the step, e.g. <c>sites[0].children[1].siteCode</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record RecipeError(string File, int StepIndex, string? StepName, string? Field, string Message)
{
    public override string ToString()
    {
        var where = StepIndex > 0 ? $"{File}: step {StepIndex} ({StepName ?? "?"})" : File;
        return Field is null ? $"{where}: {Message}" : $"{where}, field '{Field}': {Message}";
    }
}

/// <summary>A recipe that could not be applied; nothing it would have changed was kept.</summary>
public sealed class RecipeException(IReadOnlyList<RecipeError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<RecipeError> Errors { get; } = errors;
}
