using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Content.Catalogue;

/// <summary>
/// <c>catalogue</c>: installs a version of the standard disclosure catalogue from a file
/// (<c>{"name": "catalogue", "file": "catalogue/standard.json"}</c>) and brings every site's
/// catalogue columns in line with it. The file is looked up beside the recipe, then in the
/// recipes folder.
/// </summary>
public sealed class CatalogueStep(CatalogueService catalogue, SiteClusterPaths paths) : RecipeStep<CatalogueStep.Data>
{
    /// <summary>Key in <see cref="RecipeValidation.Items"/>: the codes of the catalogue a recipe installs.</summary>
    public const string CodesItem = "catalogue.codes";

    public override string Name => "catalogue";

    /// <summary>The catalogue codes known while validating: those an earlier step installs, else those installed and not removed.</summary>
    public static async Task<IReadOnlySet<string>> KnownCodesAsync(RecipeValidation validation, CancellationToken cancellationToken) =>
        validation.Items.TryGetValue(CodesItem, out var declared)
            ? (HashSet<string>)declared
            : (await validation.Db.CatalogueNodes.Where(n => !n.IsRemoved).Select(n => n.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public sealed class Data : RecipeStepData
    {
        public string? File { get; set; }

        internal CatalogueDefinition? Definition { get; set; }
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (await validation.ReadNamedFileAsync(paths, "file", data.File, "catalogue/standard.json", cancellationToken) is not { } json)
        {
            return;
        }

        var (definition, errors) = CatalogueReader.Read(json);
        validation.AddFileErrors("file", data.File!, errors);

        if (definition is not null)
        {
            data.Definition = definition;
            validation.Items[CodesItem] = definition.Flatten().Select(n => n.Node.Code!).ToHashSet(StringComparer.Ordinal);
        }
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var result = await catalogue.InstallAsync(data.Definition!, cancellationToken);
        return (result.NodesCreated + result.ColumnsCreated, result.NodesUpdated + result.ColumnsUpdated, result.NodesUnchanged);
    }
}
