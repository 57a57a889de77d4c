using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Recipes;

/// <summary>A site as known while validating a recipe: already stored, or declared by an earlier step.</summary>
public sealed record KnownSite(string Slug, SiteLevel Level, string? ParentSlug, string SiteCode, IReadOnlyList<string> Hosts);

/// <summary>State shared by every step while one recipe is validated; nothing here writes.</summary>
public sealed class RecipeValidation(string file, SiteClusterDbContext db, IDictionary<string, KnownSite> sites)
{
    private readonly List<RecipeError> _errors = [];

    public string File { get; } = file;

    /// <summary>Read-only use: validation must not change the database.</summary>
    public SiteClusterDbContext Db { get; } = db;

    /// <summary>Sites by slug (case-insensitive): those stored plus those declared by earlier steps.</summary>
    public IDictionary<string, KnownSite> Sites { get; } = sites;

    public int StepIndex { get; internal set; }

    public string? StepName { get; internal set; }

    public IReadOnlyList<RecipeError> Errors => _errors;

    /// <summary>What earlier steps declare for later ones (for example the catalogue codes a recipe installs).</summary>
    public IDictionary<string, object> Items { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public void AddError(string? field, string message) =>
        _errors.Add(new RecipeError(File, StepIndex, StepName, field, message));

    /// <summary>
    /// Reads a file the step names in <paramref name="field"/> (beside the recipe, then in the
    /// recipes folder); reports a missing name or file and returns null.
    /// </summary>
    public async Task<string?> ReadNamedFileAsync(SiteClusterPaths paths, string field, string? file, string example, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            AddError(field, $"name the file, e.g. {example}");
            return null;
        }

        var path = paths.ResolveRecipeFile(File, file);
        if (path is null)
        {
            AddError(field, $"'{file}' was found neither beside the recipe nor in {paths.RecipesDirectory}");
            return null;
        }

        return await System.IO.File.ReadAllTextAsync(path, cancellationToken);
    }

    /// <summary>Reports the errors found inside a named file under the step's field, each with its path inside the file.</summary>
    public void AddFileErrors(string field, string file, IEnumerable<(string? Field, string Message)> errors)
    {
        foreach (var (inner, message) in errors)
        {
            AddError(field, $"{file}{(inner is null ? string.Empty : $", field '{inner}'")}: {message}");
        }
    }
}

/// <summary>What a step applies with: the database inside the recipe's transaction and cluster scope.</summary>
public sealed class RecipeExecution(SiteClusterDbContext db, TimeProvider time)
{
    public SiteClusterDbContext Db { get; } = db;

    public TimeProvider Time { get; } = time;
}

/// <summary>What one step changed.</summary>
public sealed record RecipeStepResult(int Index, string Name, int Created, int Updated, int Unchanged)
{
    public bool Changed => Created + Updated > 0;
}

/// <summary>What a whole recipe changed.</summary>
public sealed record RecipeResult(string File, string? Name, IReadOnlyList<RecipeStepResult> Steps)
{
    public bool Changed => Steps.Any(s => s.Changed);
}
