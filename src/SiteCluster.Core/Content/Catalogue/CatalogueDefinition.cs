using System.Text.Json;
using System.Text.RegularExpressions;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Recipes;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Catalogue;

/// <summary>A catalogue file (<c>recipes/catalogue/*.json</c>): a version and a tree of nodes.</summary>
public sealed class CatalogueDefinition
{
    public string? Version { get; set; }

    public string? Title { get; set; }

    public List<NodeDefinition>? Nodes { get; set; }

    public sealed class NodeDefinition
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Slug { get; set; }

        public List<string>? ContentTypes { get; set; }

        public UpdateClass? UpdateClass { get; set; }

        public List<SiteLevel>? MandatoryFor { get; set; }

        public List<NodeDefinition>? Children { get; set; }
    }

    /// <summary>A node with its place in the tree, as read from the file.</summary>
    public sealed record FlatNode(NodeDefinition Node, string? ParentCode, string Field, int SortOrder);

    /// <summary>Every node, parents before children, in file order.</summary>
    public IReadOnlyList<FlatNode> Flatten()
    {
        var result = new List<FlatNode>();
        void Walk(List<NodeDefinition>? nodes, string? parent, string field)
        {
            for (var i = 0; i < (nodes?.Count ?? 0); i++)
            {
                var node = nodes![i];
                var path = $"{field}[{i}]";
                result.Add(new FlatNode(node, parent, path, i));
                Walk(node.Children, node.Code, $"{path}.children");
            }
        }

        Walk(Nodes, null, "nodes");
        return result;
    }
}

/// <summary>Reads and checks catalogue files; errors carry the field path inside the file.</summary>
public static partial class CatalogueReader
{
    public static (CatalogueDefinition? Definition, IReadOnlyList<(string? Field, string Message)> Errors) Read(string json)
    {
        CatalogueDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<CatalogueDefinition>(json, RecipeJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, [RecipeJson.Describe(ex)]);
        }

        if (definition is null)
        {
            return (null, [(null, "the file is empty")]);
        }

        var errors = Validate(definition);
        return (errors.Count == 0 ? definition : null, errors);
    }

    private static List<(string? Field, string Message)> Validate(CatalogueDefinition definition)
    {
        var errors = new List<(string?, string)>();
        if (string.IsNullOrWhiteSpace(definition.Version))
        {
            errors.Add(("version", "is required"));
        }

        if (definition.Nodes is not { Count: > 0 })
        {
            errors.Add(("nodes", "list at least one node"));
            return errors;
        }

        var codes = new Dictionary<string, CatalogueDefinition.NodeDefinition>(StringComparer.Ordinal);
        var slugs = new HashSet<(string?, string)>();
        foreach (var (node, parent, field, _) in definition.Flatten())
        {
            if (string.IsNullOrWhiteSpace(node.Code) || !CodeRegex().IsMatch(node.Code))
            {
                errors.Add(($"{field}.code", "use 1–16 letters or digits"));
            }
            else if (!codes.TryAdd(node.Code, node))
            {
                errors.Add(($"{field}.code", $"'{node.Code}' is used twice"));
            }

            if (string.IsNullOrWhiteSpace(node.Name))
            {
                errors.Add(($"{field}.name", "is required"));
            }

            if (!IsColumnSlug(node.Slug))
            {
                errors.Add(($"{field}.slug", "use 1–64 lower-case letters, digits and hyphens"));
            }
            else if (!slugs.Add((parent, node.Slug!)))
            {
                errors.Add(($"{field}.slug", $"'{node.Slug}' is used by a sibling"));
            }

            foreach (var (type, i) in (node.ContentTypes ?? []).Select((t, i) => (t, i)))
            {
                if (!ContentTypesReader.IsTypeName(type))
                {
                    errors.Add(($"{field}.contentTypes[{i}]", $"'{type}' is not a content type name"));
                }
            }

            // A column can only exist under its parent: a mandatory child needs a mandatory parent.
            if (parent is not null && codes.TryGetValue(parent, out var parentNode))
            {
                var missing = (node.MandatoryFor ?? []).Except(parentNode.MandatoryFor ?? []).ToList();
                if (missing.Count > 0)
                {
                    errors.Add(($"{field}.mandatoryFor", $"{string.Join(", ", missing)} must also be mandatory for the parent '{parent}'"));
                }
            }
        }

        return errors;
    }

    /// <summary>A column URL segment: 1–64 lower-case letters, digits and hyphens.</summary>
    public static bool IsColumnSlug(string? slug) => slug is not null && SlugRegex().IsMatch(slug);

    [GeneratedRegex("^[0-9A-Za-z]{1,16}$")]
    private static partial Regex CodeRegex();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SlugRegex();
}
