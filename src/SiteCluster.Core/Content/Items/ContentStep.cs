using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Items;

/// <summary>
/// <c>content</c>: published items for sites (demo content, standard pages), keyed by site and
/// <c>key</c>. Each item goes through the same checks as a reviewer's approval, personal-data
/// scan included, and gets its 索引号 in the year it was published. <c>column</c> is a
/// catalogue code, or <c>code/slug</c> for a local column under it; <c>bodyFile</c> is
/// looked up like other recipe files; <c>links</c> points reference fields at earlier items by key.
/// </summary>
public sealed class ContentStep(ContentService content, AuditContext audit, SiteClusterPaths paths, RichTextSanitizer sanitizer) : RecipeStep<ContentStep.Data>
{
    public override string Name => "content";

    public sealed class Data : RecipeStepData
    {
        public List<ItemDefinition>? Items { get; set; }
    }

    public sealed class ItemDefinition
    {
        public string? Site { get; set; }

        public string? Key { get; set; }

        public string? Column { get; set; }

        public string? Type { get; set; }

        public string? Title { get; set; }

        public string? Summary { get; set; }

        public string? Body { get; set; }

        public string? BodyFile { get; set; }

        public JsonObject? Fields { get; set; }

        public Dictionary<string, string>? Links { get; set; }

        public string? Publisher { get; set; }

        public string? DocumentNumber { get; set; }

        public DateOnly? WrittenDate { get; set; }

        public DateTimeOffset? PublishedAt { get; set; }

        public DateOnly? EffectiveDate { get; set; }

        public DateOnly? ExpiryDate { get; set; }

        public string? TopicCategory { get; set; }

        public string? GenreCategory { get; set; }

        public string? Audience { get; set; }

        public string? Keywords { get; set; }

        public string? Source { get; set; }

        public DisclosureAttribute? Disclosure { get; set; }

        public NonDisclosureReason? DisclosureReason { get; set; }

        public string? DisclosureNote { get; set; }
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (data.Items is not { Count: > 0 })
        {
            validation.AddError("items", "list at least one item");
            return;
        }

        var types = await ContentTypesStep.KnownAsync(validation, cancellationToken);
        var codes = await CatalogueStep.KnownCodesAsync(validation, cancellationToken);
        var keys = new HashSet<(string, string)>();
        for (var i = 0; i < data.Items.Count; i++)
        {
            var item = data.Items[i];
            var field = $"items[{i}]";
            if (item.Site is null || !validation.Sites.ContainsKey(item.Site))
            {
                validation.AddError($"{field}.site", $"site '{item.Site}' does not exist and is not declared before this step");
            }

            if (string.IsNullOrWhiteSpace(item.Key))
            {
                validation.AddError($"{field}.key", "is required: a stable key that makes the step repeatable");
            }
            else if (!keys.Add((item.Site?.ToLowerInvariant() ?? string.Empty, item.Key)))
            {
                validation.AddError($"{field}.key", $"'{item.Key}' is used twice for site '{item.Site}'");
            }

            var code = item.Column?.Split('/')[0];
            if (code is null || !codes.Contains(code) || (item.Column!.Split('/') is { Length: > 1 } parts && (parts.Length > 2 || !CatalogueReader.IsColumnSlug(parts[1]))))
            {
                validation.AddError($"{field}.column", $"'{item.Column}' is neither a catalogue code nor 'code/slug' of a local column");
            }

            if (string.IsNullOrWhiteSpace(item.Title))
            {
                validation.AddError($"{field}.title", "is required");
            }

            if (item.Body is not null && item.BodyFile is not null)
            {
                validation.AddError($"{field}.bodyFile", "give either body or bodyFile");
            }
            else if (item.BodyFile is not null)
            {
                item.Body = await validation.ReadNamedFileAsync(paths, $"{field}.bodyFile", item.BodyFile, "demo/policy.html", cancellationToken);
            }

            if (item.Type is null || !types.TryGetValue(item.Type, out var type))
            {
                validation.AddError($"{field}.type", $"'{item.Type}' is not a content type; known types are {string.Join(", ", types.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }

            var problems = new List<ContentProblem>();
            ContentFieldValidator.Validate(type, WithLinks(item, type, problems), complete: true, sanitizer, problems);
            foreach (var problem in problems)
            {
                validation.AddError($"{field}.{problem.Field}", problem.Message);
            }
        }
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var sites = await db.Sites.AsNoTracking().Include(s => s.Hosts).ToListAsync(cancellationToken);
        var slugs = sites.ToDictionary(s => s.Id, s => s.Slug);
        var infos = sites.ToDictionary(s => s.Slug, s => SiteRegistry.ToInfo(s, slugs), StringComparer.OrdinalIgnoreCase);
        var actor = ContentActor.System(audit.Actor);
        int created = 0, updated = 0, unchanged = 0;
        for (var i = 0; i < data.Items!.Count; i++)
        {
            var item = data.Items[i];
            var site = infos[item.Site!];
            var fields = item.Fields?.DeepClone().AsObject() ?? [];
            foreach (var (name, key) in item.Links ?? [])
            {
                var target = await db.ContentItems.Where(c => c.TenantId == site.Id && c.ImportKey == key).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"items[{i}].links.{name}: site '{site.Slug}' has no item '{key}' (list it before this one)");
                fields[name] = target.ToString();
            }

            var draft = new ContentDraft
            {
                ColumnId = await ColumnIdAsync(execution, site, item.Column!, cancellationToken)
                    ?? throw new InvalidOperationException($"items[{i}].column: site '{site.Slug}' has no column '{item.Column}'"),
                Title = item.Title!,
                Summary = item.Summary,
                Body = item.Body,
                Fields = fields,
                Publisher = item.Publisher,
                DocumentNumber = item.DocumentNumber,
                WrittenDate = item.WrittenDate,
                PublishedAt = item.PublishedAt,
                EffectiveDate = item.EffectiveDate,
                ExpiryDate = item.ExpiryDate,
                TopicCategory = item.TopicCategory,
                GenreCategory = item.GenreCategory,
                Audience = item.Audience,
                Keywords = item.Keywords,
                Source = item.Source,
                Disclosure = item.Disclosure ?? DisclosureAttribute.Proactive,
                DisclosureReason = item.DisclosureReason,
                DisclosureNote = item.DisclosureNote,
            };

            ImportOutcome outcome;
            try
            {
                outcome = await content.ImportPublishedAsync(site, item.Key!, item.Type!, draft, actor, cancellationToken);
            }
            catch (ContentValidationException ex)
            {
                throw new InvalidOperationException($"items[{i}] ('{item.Key}' on {site.Slug}): {string.Join("; ", ex.Problems)}", ex);
            }

            _ = outcome switch
            {
                ImportOutcome.Created => created++,
                ImportOutcome.Updated => updated++,
                _ => unchanged++,
            };
        }

        return (created, updated, unchanged);
    }

    /// <summary>The field values with each linked key standing in for the id it will resolve to, so required links validate.</summary>
    private static JsonObject WithLinks(ItemDefinition item, ContentTypeDefinition type, List<ContentProblem> problems)
    {
        var fields = item.Fields?.DeepClone().AsObject() ?? [];
        foreach (var (name, _) in item.Links ?? [])
        {
            if (type.Field(name)?.Type != ContentFieldType.ContentRef)
            {
                problems.Add(new ContentProblem($"links.{name}", ContentProblemKind.UnknownField, $"is not a reference field of {type.Name}"));
                continue;
            }

            fields[name] = Guid.Empty.ToString();
        }

        return fields;
    }

    private static async Task<Guid?> ColumnIdAsync(RecipeExecution execution, SiteInfo site, string column, CancellationToken cancellationToken)
    {
        var parts = column.Split('/');
        var columns = execution.Db.Columns.Where(c => c.TenantId == site.Id);
        var catalogueColumn = await columns.Where(c => c.CatalogueCode == parts[0]).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (parts.Length == 1 || catalogueColumn is null)
        {
            return catalogueColumn;
        }

        return await columns.Where(c => c.ParentId == catalogueColumn && c.Slug == parts[1] && c.CatalogueCode == null)
            .Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
    }
}
