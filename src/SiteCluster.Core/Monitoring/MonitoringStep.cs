using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Monitoring;

/// <summary>
/// <c>monitoring</c>: installs a monitoring rule set from a file
/// (<c>{"name": "monitoring", "file": "monitoring/national-2019.json"}</c>), keyed by its
/// version; the newest installed is the one runs use. A province tightens the national rules
/// by installing its own copy under a new version.
/// </summary>
public sealed class MonitoringStep(SiteClusterPaths paths) : RecipeStep<MonitoringStep.Data>
{
    public override string Name => "monitoring";

    public sealed class Data : RecipeStepData
    {
        public string? File { get; set; }

        internal MonitoringRuleSetDefinition? Definition { get; set; }

        internal string? Json { get; set; }
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (await validation.ReadNamedFileAsync(paths, "file", data.File, "monitoring/national-2019.json", cancellationToken) is not { } json)
        {
            return;
        }

        MonitoringRuleSetDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<MonitoringRuleSetDefinition>(json, MonitoringService.Json);
        }
        catch (JsonException ex)
        {
            validation.AddError("file", $"'{data.File}' is not a rule set: {ex.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(definition?.Version))
        {
            validation.AddError("file", $"'{data.File}': version is required");
            return;
        }

        var errors = Check(definition).Concat(CheckChecklist(definition)).ToList();
        if (errors.Count > 0)
        {
            validation.AddFileErrors("file", data.File!, errors);
            return;
        }

        data.Definition = definition;
        data.Json = json;
    }

    /// <summary>Each rule's problems, by its path inside the rule set's file.</summary>
    private static IEnumerable<(string? Field, string Message)> Check(MonitoringRuleSetDefinition definition)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (definition.Rules?.Count ?? 0); i++)
        {
            var rule = definition.Rules![i];
            var field = $"rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Code) || !codes.Add(rule.Code))
            {
                yield return ($"{field}.code", "is required and unique");
            }

            if (rule.Type is null)
            {
                yield return ($"{field}.type", $"is required; one of {string.Join(", ", Enum.GetNames<MonitoringRuleType>())}");
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                yield return ($"{field}.name", "is required");
            }

            if (!rule.Veto && (rule.Points <= 0 || rule.PerFinding <= 0))
            {
                yield return ($"{field}.points", "a deduction rule needs points and perFinding above 0");
            }

            if (rule.Type is MonitoringRuleType.HomeStale or MonitoringRuleType.ColumnStale or MonitoringRuleType.Unreachable && rule.Days <= 0)
            {
                yield return ($"{field}.days", "must be above 0");
            }

            if (rule.Type == MonitoringRuleType.ColumnStale && string.IsNullOrWhiteSpace(rule.CatalogueCode))
            {
                yield return ($"{field}.catalogueCode", "is required");
            }

            if (rule.Type == MonitoringRuleType.PolicyWithoutInterpretation && rule.WorkingDays < 0)
            {
                yield return ($"{field}.workingDays", "must be 0 or more");
            }

            if (rule.Type == MonitoringRuleType.Unreachable)
            {
                if (rule.FailurePercent is <= 0 or > 100)
                {
                    yield return ($"{field}.failurePercent", "must be above 0 and at most 100");
                }

                if (rule.Seconds <= 0)
                {
                    yield return ($"{field}.seconds", "must be above 0");
                }

                if (rule.MinimumProbes < 0)
                {
                    yield return ($"{field}.minimumProbes", "must be 0 or more");
                }
            }

            if (rule.Type == MonitoringRuleType.UnansweredMessages)
            {
                if (rule.Months < 0 || rule.WorkingDays < 0 || (rule.Months == 0 && rule.WorkingDays == 0))
                {
                    yield return ($"{field}.months", "months or workingDays must be above 0 (months wins when both are)");
                }

                if (rule.LookbackDays <= 0)
                {
                    yield return ($"{field}.lookbackDays", "must be above 0");
                }
            }

            if (rule.Type == MonitoringRuleType.AnnualReportMissing)
            {
                if (MonitoringRule.ParseMonthDay(rule.DepartmentDeadline) is null)
                {
                    yield return ($"{field}.departmentDeadline", $"'{rule.DepartmentDeadline}' is not a day of every year written MM-dd, e.g. 01-31");
                }

                if (MonitoringRule.ParseMonthDay(rule.GovernmentDeadline) is null)
                {
                    yield return ($"{field}.governmentDeadline", $"'{rule.GovernmentDeadline}' is not a day of every year written MM-dd, e.g. 03-31");
                }
            }
        }
    }

    /// <summary>The spot-check checklist's problems: each point needs a unique code and its text.</summary>
    private static IEnumerable<(string? Field, string Message)> CheckChecklist(MonitoringRuleSetDefinition definition)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (definition.Checklist?.Count ?? 0); i++)
        {
            var point = definition.Checklist![i];
            if (string.IsNullOrWhiteSpace(point.Code) || !codes.Add(point.Code))
            {
                yield return ($"checklist[{i}].code", "is required and unique");
            }

            if (string.IsNullOrWhiteSpace(point.Text))
            {
                yield return ($"checklist[{i}].text", "is required");
            }
        }
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var existing = await db.MonitoringRuleSets.SingleOrDefaultAsync(r => r.Version == data.Definition!.Version, cancellationToken);
        if (existing is null)
        {
            db.MonitoringRuleSets.Add(new MonitoringRuleSet { Version = data.Definition!.Version!, Title = data.Definition.Title, Definition = data.Json!, InstalledAt = execution.Time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            return (1, 0, 0);
        }

        if (existing.Definition == data.Json)
        {
            return (0, 0, 1);
        }

        existing.Definition = data.Json!;
        existing.Title = data.Definition!.Title;
        existing.InstalledAt = execution.Time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return (0, 1, 0);
    }
}
