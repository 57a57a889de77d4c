using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Content.Columns;

/// <summary>
/// <c>columns</c>: gives sites their columns from the installed catalogue: every node
/// mandatory for the site's level, plus optional nodes listed in <c>include</c>. Omit
/// <c>sites</c> for every site. <c>local</c> adds a site's own columns under a catalogue
/// column (or at the top), keyed by site, parent and slug.
/// </summary>
public sealed class ColumnsStep(CatalogueService catalogue) : RecipeStep<ColumnsStep.Data>
{
    public override string Name => "columns";

    public sealed class Data : RecipeStepData
    {
        public List<string>? Sites { get; set; }

        public List<string>? Include { get; set; }

        public List<LocalColumn>? Local { get; set; }
    }

    public sealed class LocalColumn
    {
        public string? Site { get; set; }

        /// <summary>Catalogue code of the parent column; null for a top-level column.</summary>
        public string? Parent { get; set; }

        public string? Name { get; set; }

        public string? Slug { get; set; }
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        var codes = await CatalogueStep.KnownCodesAsync(validation, cancellationToken);
        if (codes.Count == 0)
        {
            validation.AddError(null, "no catalogue is installed: add a 'catalogue' step before this one");
            return;
        }

        for (var i = 0; i < (data.Sites?.Count ?? 0); i++)
        {
            if (!validation.Sites.ContainsKey(data.Sites![i]))
            {
                validation.AddError($"sites[{i}]", $"site '{data.Sites[i]}' does not exist and is not declared before this step");
            }
        }

        for (var i = 0; i < (data.Include?.Count ?? 0); i++)
        {
            if (!codes.Contains(data.Include![i]))
            {
                validation.AddError($"include[{i}]", $"'{data.Include[i]}' is not a node of the catalogue");
            }
        }

        for (var i = 0; i < (data.Local?.Count ?? 0); i++)
        {
            var local = data.Local![i];
            var field = $"local[{i}]";
            if (string.IsNullOrWhiteSpace(local.Site) || !validation.Sites.ContainsKey(local.Site))
            {
                validation.AddError($"{field}.site", $"site '{local.Site}' does not exist and is not declared before this step");
            }

            if (local.Parent is not null && !codes.Contains(local.Parent))
            {
                validation.AddError($"{field}.parent", $"'{local.Parent}' is not a node of the catalogue");
            }

            if (string.IsNullOrWhiteSpace(local.Name))
            {
                validation.AddError($"{field}.name", "is required");
            }

            if (!CatalogueReader.IsColumnSlug(local.Slug))
            {
                validation.AddError($"{field}.slug", "use 1–64 lower-case letters, digits and hyphens");
            }
        }
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var siteIds = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Slug, s => s.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var targets = data.Sites?.Select(slug => siteIds[slug]).ToList();
        var (created, updated) = await catalogue.SyncColumnsAsync(targets, data.Include ?? [], cancellationToken);
        var unchanged = 0;

        foreach (var local in data.Local ?? [])
        {
            var tenantId = siteIds[local.Site!];
            var parentId = local.Parent is null
                ? (Guid?)null
                : await db.Columns.Where(c => c.TenantId == tenantId && c.CatalogueCode == local.Parent).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken)
                  ?? throw new InvalidOperationException($"site '{local.Site}' has no column for catalogue node '{local.Parent}'");
            var column = await db.Columns.FirstOrDefaultAsync(
                c => c.TenantId == tenantId && c.ParentId == parentId && c.Slug == local.Slug && c.CatalogueCode == null, cancellationToken);
            if (column is null)
            {
                db.Columns.Add(new Column
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenantId,
                    ParentId = parentId,
                    Name = local.Name!.Trim(),
                    Slug = local.Slug!,
                    SortOrder = 1000,
                    CreatedAt = execution.Time.GetUtcNow(),
                    UpdatedAt = execution.Time.GetUtcNow(),
                });
                created++;
            }
            else if (column.Name != local.Name!.Trim())
            {
                column.Name = local.Name.Trim();
                column.UpdatedAt = execution.Time.GetUtcNow();
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
