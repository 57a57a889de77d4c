using Microsoft.Extensions.Options;

namespace SiteCluster.Core;

/// <summary>Absolute folders derived from <see cref="SiteClusterOptions"/>.</summary>
public sealed class SiteClusterPaths
{
    public SiteClusterPaths(IOptions<SiteClusterOptions> options, string contentRoot)
    {
        DataDirectory = Path.GetFullPath(options.Value.DataDirectory, contentRoot);
        RecipesDirectory = Path.GetFullPath(options.Value.RecipesDirectory, AppContext.BaseDirectory);
    }

    /// <summary>Holds the SQLite file, logs, indexes and local media; created on first use.</summary>
    public string DataDirectory { get; }

    public string RecipesDirectory { get; }

    public string LogsDirectory => Path.Combine(DataDirectory, "logs");

    /// <summary>Resolves a recipe path given on a command line or in settings.</summary>
    public string ResolveRecipe(string path) =>
        Path.IsPathRooted(path) || File.Exists(path) ? Path.GetFullPath(path) : Path.Combine(RecipesDirectory, path);

    /// <summary>
    /// A file a recipe names (a catalogue, content types, a body): looked up beside the recipe,
    /// then in the recipes folder; null when neither has it.
    /// </summary>
    public string? ResolveRecipeFile(string recipeFile, string file)
    {
        if (Path.IsPathRooted(file))
        {
            return File.Exists(file) ? file : null;
        }

        var besideRecipe = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recipeFile)) ?? ".", file);
        if (File.Exists(besideRecipe))
        {
            return besideRecipe;
        }

        var inRecipes = Path.Combine(RecipesDirectory, file);
        return File.Exists(inRecipes) ? inRecipes : null;
    }
}
