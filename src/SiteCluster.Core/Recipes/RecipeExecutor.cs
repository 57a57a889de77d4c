using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Recipes;

/// <summary>
/// Applies recipes: JSON files of ordered, named steps. The whole file is validated first;
/// then every step runs in one transaction inside an audited cluster scope, so a recipe
/// either applies completely or changes nothing.
/// </summary>
public sealed class RecipeExecutor
{
    private readonly SiteClusterDbContext _db;
    private readonly AuditContext _audit;
    private readonly IClusterScope _clusterScope;
    private readonly ISiteRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<RecipeExecutor> _logger;
    private readonly Dictionary<string, IRecipeStep> _steps;

    public RecipeExecutor(
        SiteClusterDbContext db,
        AuditContext audit,
        IClusterScope clusterScope,
        ISiteRegistry registry,
        IEnumerable<IRecipeStep> steps,
        TimeProvider time,
        ILogger<RecipeExecutor> logger)
    {
        _db = db;
        _audit = audit;
        _clusterScope = clusterScope;
        _registry = registry;
        _time = time;
        _logger = logger;
        _steps = new Dictionary<string, IRecipeStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!_steps.TryAdd(step.Name, step))
            {
                throw new InvalidOperationException($"Two recipe steps are named '{step.Name}'.");
            }
        }
    }

    /// <summary>The step names this executor knows.</summary>
    public IReadOnlyCollection<string> StepNames => _steps.Keys;

    public async Task<RecipeResult> ApplyFileAsync(string path, CancellationToken cancellationToken = default) =>
        await ApplyAsync(path, await ReadFileAsync(path, cancellationToken), cancellationToken);

    /// <summary>Checks a recipe file without applying it; returns every error found.</summary>
    public async Task<IReadOnlyList<RecipeError>> ValidateFileAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ValidateAsync(path, await ReadFileAsync(path, cancellationToken), cancellationToken);
        }
        catch (RecipeException ex)
        {
            return ex.Errors;
        }
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException([new RecipeError(path, 0, null, null, $"cannot be read: {ex.Message}")]);
        }
    }

    /// <summary>Validates and applies a recipe; <paramref name="source"/> names it in errors.</summary>
    public async Task<RecipeResult> ApplyAsync(string source, string json, CancellationToken cancellationToken = default)
    {
        using var scope = _clusterScope.Open($"recipe {Path.GetFileName(source)}");
        var (name, plan) = await ValidateCoreAsync(source, json, cancellationToken);
        var previousActor = _audit.Actor;
        _audit.Actor = $"recipe:{Path.GetFileName(source)}";
        try
        {
            return await ApplyPlanAsync(source, name, plan, cancellationToken);
        }
        finally
        {
            _audit.Actor = previousActor;
        }
    }

    private async Task<RecipeResult> ApplyPlanAsync(string source, string? name, List<(IRecipeStep Step, object Data)> plan, CancellationToken cancellationToken)
    {

        var results = new List<RecipeStepResult>();
        var execution = new RecipeExecution(_db, _time);
        var strategy = _db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            results.Clear();
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            var index = 0;
            try
            {
                foreach (var (step, data) in plan)
                {
                    index++;
                    var (created, updated, unchanged) = await step.ApplyAsync(data, execution, cancellationToken);
                    await _db.SaveChangesAsync(cancellationToken);
                    results.Add(new RecipeStepResult(index, step.Name, created, updated, unchanged));
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not RecipeException)
            {
                await RollBackQuietlyAsync(transaction, _logger);
                _db.ChangeTracker.Clear();
                var stepName = index > 0 ? plan[index - 1].Step.Name : null;
                throw new RecipeException(
                    [new RecipeError(source, index, stepName, null, $"failed while applying, nothing was changed: {(ex.InnerException ?? ex).Message}")]);
            }
        });

        await _registry.ReloadAsync(cancellationToken);
        var result = new RecipeResult(source, name, results);
        _logger.LogInformation(
            "Recipe {Recipe} applied: {Summary}",
            Path.GetFileName(source),
            string.Join("; ", results.Select(r => $"{r.Name} +{r.Created} ~{r.Updated} ={r.Unchanged}")));
        return result;
    }

    /// <summary>
    /// Rolls back after a failure. A connection the failure broke has already dropped the
    /// transaction (nothing was committed): that must not hide the error that caused it.
    /// </summary>
    internal static async Task RollBackQuietlyAsync(IDbContextTransaction transaction, ILogger logger)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning(ex, "The transaction was already gone when rolling back; nothing of it was committed");
        }
    }

    /// <summary>Checks a recipe without applying it; returns every error found.</summary>
    public async Task<IReadOnlyList<RecipeError>> ValidateAsync(string source, string json, CancellationToken cancellationToken = default)
    {
        using var scope = _clusterScope.Open($"recipe validation {Path.GetFileName(source)}");
        try
        {
            await ValidateCoreAsync(source, json, cancellationToken);
            return [];
        }
        catch (RecipeException ex)
        {
            return ex.Errors;
        }
    }

    private async Task<(string? Name, List<(IRecipeStep Step, object Data)> Plan)> ValidateCoreAsync(
        string source, string json, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new RecipeException([new RecipeError(source, 0, null, null, $"is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("steps", out var stepsElement)
                || stepsElement.ValueKind != JsonValueKind.Array)
            {
                throw new RecipeException([new RecipeError(source, 0, null, "steps", "a recipe is an object with a 'steps' list")]);
            }

            var name = root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
                ? nameElement.GetString()
                : null;
            var validation = new RecipeValidation(source, _db, await LoadKnownSitesAsync(cancellationToken));
            var plan = new List<(IRecipeStep, object)>();
            var index = 0;
            foreach (var stepElement in stepsElement.EnumerateArray())
            {
                index++;
                validation.StepIndex = index;
                validation.StepName = null;
                if (stepElement.ValueKind != JsonValueKind.Object
                    || !stepElement.TryGetProperty("name", out var stepName)
                    || stepName.ValueKind != JsonValueKind.String)
                {
                    validation.AddError("name", "every step needs a 'name'");
                    continue;
                }

                validation.StepName = stepName.GetString();
                if (!_steps.TryGetValue(validation.StepName!, out var step))
                {
                    validation.AddError("name", $"unknown step; known steps are {string.Join(", ", _steps.Keys.Order(StringComparer.Ordinal))}");
                    continue;
                }

                if (await step.ValidateAsync(stepElement, validation, cancellationToken) is { } data)
                {
                    plan.Add((step, data));
                }
            }

            if (validation.Errors.Count > 0)
            {
                throw new RecipeException(validation.Errors);
            }

            return (name, plan);
        }
    }

    private async Task<Dictionary<string, KnownSite>> LoadKnownSitesAsync(CancellationToken cancellationToken)
    {
        var sites = await _db.Sites.AsNoTracking()
            .Select(s => new { s.Id, s.Slug, s.Level, s.ParentId, s.SiteCode, Hosts = s.Hosts.Select(h => h.HostName).ToList() })
            .ToListAsync(cancellationToken);
        var slugs = sites.ToDictionary(s => s.Id, s => s.Slug);
        return sites.ToDictionary(
            s => s.Slug,
            s => new KnownSite(s.Slug, s.Level, s.ParentId is { } p ? slugs[p] : null, s.SiteCode, s.Hosts),
            StringComparer.OrdinalIgnoreCase);
    }
}
