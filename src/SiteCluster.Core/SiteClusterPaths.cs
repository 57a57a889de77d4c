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
}
