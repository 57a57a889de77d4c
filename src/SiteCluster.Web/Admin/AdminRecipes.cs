using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Web.Admin;

/// <summary>
/// Cluster changes made from the admin (create a site, change its hosts or status) are recipes
/// applied by the recipe executor, so the same validation applies and the change is audited
/// as <c>recipe:admin-{user}.json</c>. A refused recipe's errors come back keyed by the form
/// field they concern (<c>sites[0].siteCode</c> → <c>siteCode</c>, any host → <c>hosts</c>).
/// </summary>
public sealed class AdminRecipes(RecipeExecutor recipes, AdminContext admin)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A recipe of one <c>sites</c> step.</summary>
    public static JsonObject Sites(params JsonObject[] sites) => new()
    {
        ["steps"] = new JsonArray(new JsonObject { ["name"] = "sites", ["sites"] = new JsonArray([.. sites]) }),
    };

    /// <summary>Host names typed one per line (or separated by spaces or commas).</summary>
    public static JsonArray HostList(string? typed) =>
        new([.. (typed ?? string.Empty).Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(h => (JsonNode)h.Trim())]);

    /// <summary>Applies the recipe; returns no errors when it was applied, else the errors by field.</summary>
    public async Task<Dictionary<string, List<string>>> ApplyAsync(JsonObject recipe, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        try
        {
            await recipes.ApplyAsync($"admin-{admin.RequiredUser.UserName}.json", recipe.ToJsonString(Json), cancellationToken);
        }
        catch (RecipeException ex)
        {
            foreach (var error in ex.Errors)
            {
                var field = error.Field?.Split('.').Last() ?? string.Empty;
                field = field.StartsWith("hosts", StringComparison.Ordinal) ? "hosts" : field;
                if (!errors.TryGetValue(field, out var list))
                {
                    errors[field] = list = [];
                }

                list.Add(error.Message);
            }
        }

        return errors;
    }
}
