using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Content.Catalogue;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>What the text scan found in one item (only items it found something in).</summary>
internal sealed record TextResult(Guid Id, Guid TenantId, string Title, int Images, int Personal, bool PersonalDataOverridden);

/// <summary>
/// One run's text scan: the sites whose earlier scan it continued (the rest were read in full),
/// the items of those sites it read again because they changed, and what it found.
/// </summary>
internal sealed record TextScan(IReadOnlySet<Guid> IncrementalSites, IReadOnlyList<Guid> ReadAgain, IReadOnlyList<TextResult> Found);

/// <summary>A problem found in a run, before it is stored.</summary>
public sealed record FoundProblem(string RuleCode, string Target, string Detail);

/// <summary>One site's outcome of a run.</summary>
public sealed record SiteScore(SiteInfo Site, decimal Score, IReadOnlyList<string> Vetoes, bool Passed, IReadOnlyList<FoundProblem> Problems);

/// <summary>A whole run: its id, the rule set and every active site's score.</summary>
public sealed record MonitoringRunResult(Guid RunId, string RuleSetVersion, IReadOnlyList<SiteScore> Sites);

/// <summary>
/// Central monitoring by the installed rule set (RULES.md §1): checks every active site's
/// database facts (freshness by update class, blank and missing columns, metadata, footer
/// items), scores each site the national way (a veto fails it; otherwise 100 minus deductions
/// capped per indicator; pass at the rule set's mark), and keeps findings across runs: a finding
/// still there is seen again, one gone is resolved.
/// </summary>
public sealed class MonitoringService(
    SiteClusterDbContext db, ISiteRegistry registry, IClusterScope clusterScope, RichTextSanitizer sanitizer, TimeProvider time, ILogger<MonitoringService> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The installed rule set (the newest), or null when none is.</summary>
    public async Task<MonitoringRuleSetDefinition?> RuleSetAsync(CancellationToken cancellationToken = default)
    {
        var installed = await db.MonitoringRuleSets.AsNoTracking().OrderByDescending(r => r.InstalledAt).FirstOrDefaultAsync(cancellationToken);
        return installed is null ? null : JsonSerializer.Deserialize<MonitoringRuleSetDefinition>(installed.Definition, Json);
    }

    /// <summary>The installed rule set's rules by code, for showing findings and linking them to their fix.</summary>
    public async Task<IReadOnlyDictionary<string, MonitoringRule>> RulesAsync(CancellationToken cancellationToken = default)
    {
        var installed = await db.MonitoringRuleSets.AsNoTracking().OrderByDescending(r => r.InstalledAt).FirstOrDefaultAsync(cancellationToken);
        var rules = installed is null ? [] : JsonSerializer.Deserialize<MonitoringRuleSetDefinition>(installed.Definition, Json)?.Rules ?? [];
        return rules.Where(r => r.Code is not null).ToDictionary(r => r.Code!, StringComparer.Ordinal);
    }

    /// <summary>The names of the installed rule set's rules by code, for showing findings.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RuleNamesAsync(CancellationToken cancellationToken = default) =>
        (await RulesAsync(cancellationToken)).ToDictionary(r => r.Key, r => r.Value.Name ?? r.Key, StringComparer.Ordinal);

    /// <summary>
    /// The latest scores of <paramref name="sites"/>, newest first per site (at most <paramref name="perSite"/> each), read across sites.
    /// Per site, not per run: a run for one site (<c>monitor run --site</c>) scores no other.
    /// </summary>
    public async Task<ILookup<Guid, MonitoringScore>> ScoresAsync(IReadOnlyCollection<Guid> sites, int perSite, CancellationToken cancellationToken = default)
    {
        using var scope = clusterScope.Open("monitoring scores");
        var ids = sites.ToList();
        var scores = await db.Sites.AsNoTracking().Where(site => ids.Contains(site.Id))
            .SelectMany(site => db.MonitoringScores.AsNoTracking().Where(s => s.TenantId == site.Id).OrderByDescending(s => s.At).ThenByDescending(s => s.Id).Take(perSite))
            .ToListAsync(cancellationToken);
        return scores.OrderByDescending(s => s.At).ThenByDescending(s => s.Id).ToLookup(s => s.TenantId);
    }

    /// <summary>Each of <paramref name="sites"/>' availability probes since <paramref name="since"/>: how many, and how many failed; read across sites.</summary>
    public async Task<IReadOnlyDictionary<Guid, (int Total, int Failed)>> AvailabilityAsync(IReadOnlyCollection<Guid> sites, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        using var scope = clusterScope.Open("availability of sites");
        var ids = sites.ToList();
        var counts = await db.AvailabilityProbes.AsNoTracking().Where(p => p.At > since && ids.Contains(p.TenantId))
            .GroupBy(p => p.TenantId).Select(g => new { g.Key, Total = g.Count(), Failed = g.Count(p => !p.Succeeded) })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => (c.Total, c.Failed));
    }

    /// <summary>How many open findings each of <paramref name="sites"/> has per rule, read across sites.</summary>
    public async Task<IReadOnlyDictionary<(Guid Site, string Rule), int>> OpenFindingCountsAsync(IReadOnlyCollection<Guid> sites, CancellationToken cancellationToken = default)
    {
        using var scope = clusterScope.Open("monitoring findings");
        var ids = sites.ToList();
        var counts = await db.MonitoringFindings.AsNoTracking().Where(f => f.ResolvedAt == null && ids.Contains(f.TenantId))
            .GroupBy(f => new { f.TenantId, f.RuleCode }).Select(g => new { g.Key.TenantId, g.Key.RuleCode, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => (c.TenantId, c.RuleCode), c => c.Count);
    }

    /// <summary>Checks and scores every active site.</summary>
    public Task<MonitoringRunResult> RunAsync(CancellationToken cancellationToken = default) => RunAsync(only: null, cancellationToken);

    /// <summary>
    /// Checks and scores <paramref name="only"/> (an active site), or every active site when null;
    /// the findings of sites not checked stay as they are.
    /// </summary>
    /// <exception cref="InvalidOperationException">No rule set is installed, or <paramref name="only"/> is not active.</exception>
    public async Task<MonitoringRunResult> RunAsync(SiteInfo? only, CancellationToken cancellationToken)
    {
        if (only is { Status: not SiteStatus.Active })
        {
            throw new InvalidOperationException($"Site '{only.Slug}' is {only.Status}: only active sites are monitored.");
        }

        using var scope = clusterScope.Open("monitoring run");
        var installed = await db.MonitoringRuleSets.AsNoTracking().OrderByDescending(r => r.InstalledAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No monitoring rule set is installed: apply a recipe with a 'monitoring' step first.");
        var ruleSet = JsonSerializer.Deserialize<MonitoringRuleSetDefinition>(installed.Definition, Json)!;
        var now = time.GetUtcNow();
        var run = new MonitoringRun { Id = Guid.CreateVersion7(), RuleSetVersion = installed.Version, StartedAt = now };
        db.MonitoringRuns.Add(run);

        var facts = await Facts.ReadAsync(db, sanitizer, ruleSet, now, only?.Id, cancellationToken);
        var sites = registry.Current.All.Where(s => s.Status == SiteStatus.Active && (only is null || s.Id == only.Id)).ToList();
        var results = sites.Select(site => Score(site, ruleSet, facts, now)).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await StoreAsync(run, results, now, only?.Id, cancellationToken);
        await StoreTextScanAsync(facts.TextScan, now, [.. sites.Select(s => s.Id)], only?.Id, cancellationToken);
        run.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await MarkSeenAsync(run, now, only?.Id, [.. sites.Select(s => s.Id)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Monitoring run {Run} by {RuleSet}: {Sites} sites, {Failed} failed", run.Id, installed.Version, results.Count, results.Count(r => !r.Passed));
        return new MonitoringRunResult(run.Id, installed.Version, results);
    }

    private static SiteScore Score(SiteInfo site, MonitoringRuleSetDefinition ruleSet, Facts facts, DateTimeOffset now)
    {
        var problems = new List<FoundProblem>();
        var vetoes = new List<string>();
        decimal deductions = 0;
        foreach (var rule in ruleSet.Rules ?? [])
        {
            var found = Check(site, rule, facts, now).ToList();
            problems.AddRange(found);
            if (rule.Veto)
            {
                if (found.Count >= Math.Max(1, rule.Threshold))
                {
                    vetoes.Add(rule.Code!);
                }
            }
            else
            {
                deductions += Math.Min(rule.Points, rule.PerFinding * found.Count);
            }
        }

        var score = vetoes.Count > 0 ? 0 : Math.Max(0, 100 - deductions);
        return new SiteScore(site, score, vetoes, vetoes.Count == 0 && score >= ruleSet.PassMark, problems);
    }

    private static IEnumerable<FoundProblem> Check(SiteInfo site, MonitoringRule rule, Facts facts, DateTimeOffset now)
    {
        var code = rule.Code!;
        var today = BeijingTime.DateOf(now);
        var columns = facts.ColumnsOf(site.Id);
        switch (rule.Type)
        {
            case MonitoringRuleType.HomeStale:
                var latest = columns.Select(c => facts.Latest(c.Id, rule.CountReposts)).Max();
                if (latest is null)
                {
                    yield return new(code, "site", CoreText.Get("Finding_HomeNeverUpdated"));
                }
                else if (latest < now.AddDays(-rule.Days))
                {
                    yield return new(code, "site", CoreText.Format("Finding_HomeStale", (int)(now - latest.Value).TotalDays, rule.Days));
                }

                break;
            case MonitoringRuleType.ColumnsStale:
                // Each catalogue column with a period, counting what its sub-columns (local ones too)
                // publish; a column whose own catalogue sub-columns are checked is not checked twice.
                foreach (var column in columns.Where(c => c.CatalogueCode is not null && !facts.HasCatalogueDescendant(c.Id)))
                {
                    var days = facts.Node(c: column.CatalogueCode!)?.UpdateClass switch
                    {
                        UpdateClass.News => rule.NewsDays,
                        UpdateClass.NoticePolicy => rule.NoticePolicyDays,
                        UpdateClass.PersonnelPlan => rule.PersonnelPlanDays,
                        _ => 0,
                    };
                    if (days > 0 && facts.SubtreeLatest(column.Id, rule.CountReposts) is { } last && last < now.AddDays(-days))
                    {
                        yield return new(code, $"column:{column.Id}", CoreText.Format("Finding_ColumnStale", column.Name, (int)(now - last).TotalDays, days));
                    }
                }

                break;
            case MonitoringRuleType.ColumnStale:
                if (columns.FirstOrDefault(c => c.CatalogueCode == rule.CatalogueCode) is { } watched)
                {
                    var last = facts.SubtreeLatest(watched.Id, rule.CountReposts);
                    if (last is null || last < now.AddDays(-rule.Days))
                    {
                        yield return new(code, $"column:{watched.Id}", CoreText.Format("Finding_ColumnNotUpdated", watched.Name, rule.Days));
                    }
                }

                break;
            case MonitoringRuleType.BlankColumns:
                foreach (var column in columns.Where(c => !facts.HasChildren(c.Id) && !facts.HasContent(c.Id)))
                {
                    yield return new(code, $"column:{column.Id}", CoreText.Format("Finding_BlankColumn", column.Name));
                }

                break;
            case MonitoringRuleType.MissingColumns:
                var present = columns.Select(c => c.CatalogueCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
                foreach (var node in facts.Nodes.Where(n => n.MandatoryFor.Contains(site.Level) && !present.Contains(n.Code)))
                {
                    yield return new(code, $"node:{node.Code}", CoreText.Format("Finding_MissingColumn", node.Name));
                }

                break;
            case MonitoringRuleType.MissingMetadata:
                foreach (var item in facts.ItemsMissingMetadata(site.Id))
                {
                    yield return new(code, $"item:{item.Id}", CoreText.Format(item.Publisher ? "Finding_NoDocumentNumber" : "Finding_NoPublisher", item.Title));
                }

                break;
            case MonitoringRuleType.ImagesWithoutAlt:
                foreach (var item in facts.ItemsWithImagesWithoutAlt(site.Id))
                {
                    yield return new(code, $"item:{item.Id}", CoreText.Format("Finding_ImagesWithoutAlt", item.Title, item.Count));
                }

                break;
            case MonitoringRuleType.ExpiredShownAsValid:
                foreach (var item in facts.ExpiredShownAsValid(site.Id))
                {
                    yield return new(code, $"item:{item.Id}", CoreText.Format("Finding_ExpiredShownAsValid", item.Title, item.Count));
                }

                break;
            case MonitoringRuleType.PersonalData:
                foreach (var item in facts.ItemsWithPersonalData(site.Id))
                {
                    yield return new(code, $"item:{item.Id}", CoreText.Format("Finding_PersonalData", item.Title, item.Count));
                }

                break;
            case MonitoringRuleType.PolicyWithoutInterpretation:
                foreach (var policy in facts.PoliciesWithoutInterpretation(site.Id))
                {
                    var published = BeijingTime.DateOf(policy.PublishedAt);
                    if (today > facts.Calendar.AddWorkingDays(published, rule.WorkingDays))
                    {
                        var number = string.IsNullOrWhiteSpace(policy.DocumentNumber) ? CoreText.Get("Finding_NoDocumentNumberShown") : policy.DocumentNumber;
                        yield return new(code, $"item:{policy.Id}", CoreText.Format("Finding_PolicyWithoutInterpretation", policy.Title, number, Day(published), rule.WorkingDays));
                    }
                }

                break;
            case MonitoringRuleType.AnnualReportMissing:
                // Last year's report, due this year; published this year (on time or late) it counts.
                var reportYear = today.Year - 1;
                if (rule.AnnualReportDeadline(site.Level, today.Year) is { } deadline && today > deadline
                    && !facts.HasAnnualReport(site.Id, reportYear, BeijingTime.StartOf(new DateOnly(today.Year, 1, 1))))
                {
                    yield return new(code, $"report:{reportYear}", CoreText.Format("Finding_AnnualReportMissing", reportYear, Day(deadline)));
                }

                break;
            case MonitoringRuleType.Unreachable:
                if (facts.Probes(code, site.Id) is { } probes && probes.Total > 0 && probes.Total >= rule.MinimumProbes
                    && probes.Failed * 100m >= rule.FailurePercent * probes.Total)
                {
                    yield return new(code, "availability", CoreText.Format(
                        "Finding_Unreachable", rule.Days, probes.Total, probes.Failed, Math.Round(probes.Failed * 100m / probes.Total, 1), rule.Seconds, rule.FailurePercent));
                }

                break;
            case MonitoringRuleType.BrokenLinks:
                foreach (var link in facts.BrokenLinks(site.Id).Where(l => rule.HomePage is null || l.OnHomePage == rule.HomePage))
                {
                    var answer = link.StatusCode > 0 ? link.StatusCode.ToString(CultureInfo.InvariantCulture) : CoreText.Get("Finding_NoAnswer");
                    yield return new(code, $"link:{link.UrlHash[..32]}", CoreText.Format("Finding_BrokenLink", Shorten(link.FoundOn), Shorten(link.Url), answer));
                }

                break;
            case MonitoringRuleType.UnansweredMessages:
                var kinds = rule.Kinds is { Count: > 0 } listed ? listed : [Interaction.MessageKind.Consultation];
                var limit = rule.Months > 0 ? CoreText.Format("Limit_Months", rule.Months) : CoreText.Format("Limit_WorkingDays", rule.WorkingDays);
                var lookback = now.AddDays(-rule.LookbackDays);
                foreach (var message in facts.Messages(site.Id).Where(m => kinds.Contains(m.Kind)))
                {
                    var submitted = BeijingTime.DateOf(message.SubmittedAt);
                    var due = rule.Months > 0 ? submitted.AddMonths(rule.Months) : facts.Calendar.AddWorkingDays(submitted, rule.WorkingDays);
                    var kind = CoreText.Get($"MessageKind_{message.Kind}");
                    if (message.RepliedAt is null && today > due)
                    {
                        yield return new(code, $"message:{message.Id}", CoreText.Format("Finding_MessageUnanswered", kind, message.Subject, Day(submitted), limit));
                    }
                    else if (message.RepliedAt is { } replied && replied >= lookback && BeijingTime.DateOf(replied) > due)
                    {
                        yield return new(code, $"message:{message.Id}", CoreText.Format("Finding_MessageAnsweredLate", kind, message.Subject, Day(submitted), Day(BeijingTime.DateOf(replied)), limit));
                    }
                }

                break;
            case MonitoringRuleType.FooterItems:
                if (string.IsNullOrWhiteSpace(site.IcpNumber))
                {
                    yield return new(code, "footer:icp", CoreText.Get("Finding_NoIcp"));
                }

                if (string.IsNullOrWhiteSpace(site.PublicSecurityNumber))
                {
                    yield return new(code, "footer:psb", CoreText.Get("Finding_NoPublicSecurityNumber"));
                }

                break;
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An address short enough for a finding's detail.</summary>
    private static string Shorten(string url) => url.Length <= 300 ? url : string.Concat(url.AsSpan(0, 299), "…");

    /// <summary>
    /// Stages the run's changes: new findings added, changed details and findings no longer found
    /// (resolved) updated, each site's score added. The caller saves them, then marks every other
    /// open finding of the checked sites seen (<see cref="MarkSeenAsync"/>).
    /// </summary>
    private async Task StoreAsync(MonitoringRun run, List<SiteScore> results, DateTimeOffset now, Guid? only, CancellationToken cancellationToken)
    {
        var open = await db.MonitoringFindings.AsNoTracking().Where(f => f.ResolvedAt == null && (only == null || f.TenantId == only))
            .Select(f => new { f.Id, f.TenantId, f.RuleCode, f.Target, f.Detail }).ToListAsync(cancellationToken);
        var byKey = open.ToDictionary(f => (f.TenantId, f.RuleCode, f.Target));
        var seen = new HashSet<(Guid, string, string)>();
        foreach (var result in results)
        {
            foreach (var problem in result.Problems)
            {
                var key = (result.Site.Id, problem.RuleCode, problem.Target);
                if (!seen.Add(key))
                {
                    continue;
                }

                if (byKey.TryGetValue(key, out var finding))
                {
                    if (finding.Detail != problem.Detail)
                    {
                        Stub(finding.Id, finding.TenantId, finding.RuleCode, finding.Target, finding.Detail).Detail = problem.Detail;
                    }
                }
                else
                {
                    db.MonitoringFindings.Add(new MonitoringFinding
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = result.Site.Id,
                        RuleCode = problem.RuleCode,
                        Target = problem.Target,
                        Detail = problem.Detail,
                        FirstRunId = run.Id,
                        FirstSeenAt = now,
                        LastRunId = run.Id,
                        LastSeenAt = now,
                    });
                }
            }

            db.MonitoringScores.Add(new MonitoringScore
            {
                Id = Guid.CreateVersion7(),
                TenantId = result.Site.Id,
                RunId = run.Id,
                At = now,
                Score = result.Score,
                Vetoes = result.Vetoes.Count == 0 ? null : string.Join(',', result.Vetoes),
                Passed = result.Passed,
            });
        }

        var monitored = results.Select(r => r.Site.Id).ToHashSet();
        foreach (var finding in open.Where(f => monitored.Contains(f.TenantId) && !seen.Contains((f.TenantId, f.RuleCode, f.Target))))
        {
            Stub(finding.Id, finding.TenantId, finding.RuleCode, finding.Target, finding.Detail).ResolvedAt = now;
        }

        // The stored row as it is, attached unchanged, so only what the run then changes is written (and audited, before and after).
        MonitoringFinding Stub(Guid id, Guid tenant, string rule, string target, string detail)
        {
            var stub = new MonitoringFinding { Id = id, TenantId = tenant, RuleCode = rule, Target = target, Detail = detail };
            db.MonitoringFindings.Attach(stub);
            return stub;
        }
    }

    /// <summary>
    /// Every finding of the checked sites still open after the run's save was found again: one
    /// set-based update, so a run costs one statement, not one row update (and audit entry) per
    /// finding seen again; creating, changing and resolving findings stay audited saves.
    /// </summary>
    /// <summary>The text scan's version: change it when the scanners find other things, and every item is read again.</summary>
    internal const int TextScannerVersion = 1;

    // Items saved just before a run may commit after the run read the items: what changed in the
    // last minutes before a run is read again by the next one.
    private static readonly TimeSpan TextScanOverlap = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Keeps what this run's text scan read: sites read in full lose their old rows, items read
    /// again lose theirs, the items the scan found something in are stored, and each checked
    /// site's scan moves to this run.
    /// </summary>
    private async Task StoreTextScanAsync(TextScan scan, DateTimeOffset now, IReadOnlyCollection<Guid> checkedSites, Guid? only, CancellationToken cancellationToken)
    {
        var full = checkedSites.Where(s => !scan.IncrementalSites.Contains(s)).ToList();
        foreach (var chunk in full.Chunk(500))
        {
            await db.MonitoringTextFindings.Where(f => chunk.Contains(f.TenantId)).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var chunk in scan.ReadAgain.Chunk(500))
        {
            await db.MonitoringTextFindings.Where(f => chunk.Contains(f.ItemId)).ExecuteDeleteAsync(cancellationToken);
        }

        var checkedSet = checkedSites.ToHashSet();
        db.MonitoringTextFindings.AddRange(scan.Found.Where(f => checkedSet.Contains(f.TenantId))
            .Select(f => new MonitoringTextFinding { ItemId = f.Id, TenantId = f.TenantId, ImagesWithoutAlt = f.Images, PersonalData = f.Personal }));

        var states = await db.MonitoringTextScans.Where(s => only == null || s.TenantId == only).ToDictionaryAsync(s => s.TenantId, cancellationToken);
        foreach (var site in checkedSites)
        {
            if (!states.TryGetValue(site, out var state))
            {
                state = new MonitoringTextScan { TenantId = site };
                db.MonitoringTextScans.Add(state);
            }

            state.ScannedUntil = now - TextScanOverlap;
            state.ScannerVersion = TextScannerVersion;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task MarkSeenAsync(MonitoringRun run, DateTimeOffset now, Guid? only, IReadOnlyCollection<Guid> checkedSites, CancellationToken cancellationToken)
    {
        var open = db.MonitoringFindings.Where(f => f.ResolvedAt == null && f.LastRunId != run.Id);
        open = only is { } site ? open.Where(f => f.TenantId == site) : open.Where(f => checkedSites.Contains(f.TenantId));
        await open.ExecuteUpdateAsync(set => set.SetProperty(f => f.LastRunId, run.Id).SetProperty(f => f.LastSeenAt, now), cancellationToken);
    }

    /// <summary>The database facts every rule reads, read once per run for all sites (or the one site checked).</summary>
    private sealed class Facts
    {
        /// <summary>Working days as the installed holiday calendar counts them (调休 included).</summary>
        public WorkCalendar Calendar { get; private init; } = new([]);

        private Dictionary<Guid, List<Column>> _columnsBySite = [];
        private HashSet<Guid> _parents = [];
        private HashSet<Guid> _catalogueColumns = [];
        private readonly Dictionary<Guid, DateTimeOffset> _ownLatest = [];
        private Dictionary<Guid, DateTimeOffset> _repostLatest = [];
        private HashSet<Guid> _hasContent = [];
        private ILookup<Guid, MissingMetadataItem> _missingMetadata = Array.Empty<MissingMetadataItem>().ToLookup(i => i.TenantId);
        private Dictionary<string, CatalogueNode> _nodes = [];
        private ILookup<Guid, Guid> _children = Array.Empty<Guid>().ToLookup(_ => Guid.Empty);
        private ILookup<Guid, PolicyItem> _policiesWithoutInterpretation = Array.Empty<PolicyItem>().ToLookup(i => i.TenantId);
        private ILookup<Guid, AnnualReport> _annualReports = Array.Empty<AnnualReport>().ToLookup(i => i.TenantId);

        private readonly Dictionary<string, Dictionary<Guid, ProbeCount>> _probes = [];
        private ILookup<Guid, BrokenLink> _brokenLinks = Array.Empty<BrokenLink>().ToLookup(l => l.TenantId);
        private ILookup<Guid, Message> _messages = Array.Empty<Message>().ToLookup(m => m.TenantId);

        public IReadOnlyCollection<CatalogueNode> Nodes => _nodes.Values;

        public sealed record ProbeCount(int Total, int Failed);

        public sealed record BrokenLink(Guid TenantId, string Url, string UrlHash, string FoundOn, bool OnHomePage, int StatusCode);

        public sealed record Message(Guid Id, Guid TenantId, Interaction.MessageKind Kind, string Subject, DateTimeOffset SubmittedAt, DateTimeOffset? RepliedAt);

        /// <summary>The site's probes in the window of the <c>Unreachable</c> rule <paramref name="rule"/>; null when none were made.</summary>
        public ProbeCount? Probes(string rule, Guid site) => _probes.GetValueOrDefault(rule)?.GetValueOrDefault(site);

        /// <summary>Links the link checker found broken on the site.</summary>
        public IEnumerable<BrokenLink> BrokenLinks(Guid site) => _brokenLinks[site];

        /// <summary>Messages not answered (pending or accepted), and those answered recently enough for a late reply to count.</summary>
        public IEnumerable<Message> Messages(Guid site) => _messages[site];

        public sealed record Column(Guid Id, Guid TenantId, Guid? ParentId, string? CatalogueCode, string Name);

        public sealed record MissingMetadataItem(Guid Id, Guid TenantId, string Title, bool Publisher);

        /// <summary>An item and a count: images without alt, personal data matches, or days past expiry.</summary>
        public sealed record CountedItem(Guid Id, Guid TenantId, string Title, int Count);

        /// <summary>What this run's text scan read and found, to be kept for the next run.</summary>
        public TextScan TextScan { get; private set; } = new(new HashSet<Guid>(), [], []);

        public sealed record PolicyItem(Guid Id, Guid TenantId, string Title, string? DocumentNumber, DateTimeOffset PublishedAt);

        public sealed record AnnualReport(Guid TenantId, int Year, DateTimeOffset PublishedAt);

        private ILookup<Guid, CountedItem> _imagesWithoutAlt = Array.Empty<CountedItem>().ToLookup(i => i.TenantId);
        private ILookup<Guid, CountedItem> _personalData = Array.Empty<CountedItem>().ToLookup(i => i.TenantId);
        private ILookup<Guid, CountedItem> _expired = Array.Empty<CountedItem>().ToLookup(i => i.TenantId);

        public IEnumerable<CountedItem> ItemsWithImagesWithoutAlt(Guid site) => _imagesWithoutAlt[site];

        public IEnumerable<CountedItem> ItemsWithPersonalData(Guid site) => _personalData[site];

        public IEnumerable<CountedItem> ExpiredShownAsValid(Guid site) => _expired[site];

        /// <summary>The site's policy documents in force and public that no public interpretation links to.</summary>
        public IEnumerable<PolicyItem> PoliciesWithoutInterpretation(Guid site) => _policiesWithoutInterpretation[site];

        /// <summary>Whether the site shows its disclosure annual report for <paramref name="year"/>, published at or after <paramref name="since"/>.</summary>
        public bool HasAnnualReport(Guid site, int year, DateTimeOffset since) => _annualReports[site].Any(r => r.Year == year && r.PublishedAt >= since);

        public static async Task<Facts> ReadAsync(SiteClusterDbContext db, RichTextSanitizer sanitizer, MonitoringRuleSetDefinition ruleSet, DateTimeOffset now, Guid? site, CancellationToken cancellationToken)
        {
            var today = BeijingTime.DateOf(now);
            var facts = new Facts { Calendar = await WorkCalendar.LoadAsync(db, cancellationToken) };
            await facts.ReadWatchedAsync(db, ruleSet, now, site, cancellationToken);
            var items = db.ContentItems.AsNoTracking().Where(i => site == null || i.TenantId == site);
            var publicItems = items.Where(i => i.Disclosure == DisclosureAttribute.Proactive && (i.Status == ContentStatus.Published || i.Status == ContentStatus.Expired));
            var columns = await db.Columns.AsNoTracking().Where(c => !c.IsHidden && (site == null || c.TenantId == site))
                .Select(c => new Column(c.Id, c.TenantId, c.ParentId, c.CatalogueCode, c.Name)).ToListAsync(cancellationToken);
            facts._columnsBySite = columns.GroupBy(c => c.TenantId).ToDictionary(g => g.Key, g => g.ToList());
            facts._parents = columns.Where(c => c.ParentId is not null).Select(c => c.ParentId!.Value).ToHashSet();
            facts._catalogueColumns = columns.Where(c => c.CatalogueCode is not null).Select(c => c.Id).ToHashSet();
            facts._children = columns.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value, c => c.Id);
            facts._nodes = (await db.CatalogueNodes.AsNoTracking().Where(n => !n.IsRemoved).ToListAsync(cancellationToken)).ToDictionary(n => n.Code, StringComparer.Ordinal);

            // One pass over what readers see, streamed (a province holds millions of items): each
            // column's latest date, metadata, and the policies and interpretations here; images
            // without alternative text and personal data on a second thread, batch by batch, while
            // the next rows are read. The bodies must be read anyway, so the latest dates are taken
            // in the same pass rather than by more scans of the items in SQL.
            // The text scan is incremental: items unchanged since a site's last scan are not read
            // again (their bodies are not even fetched); what was found in them is kept.
            var scannedSites = (await db.MonitoringTextScans.AsNoTracking()
                .Where(s => s.ScannerVersion == TextScannerVersion && (site == null || s.TenantId == site)).Select(s => s.TenantId).ToListAsync(cancellationToken)).ToHashSet();
            var stored = await db.MonitoringTextFindings.AsNoTracking().Where(f => site == null || f.TenantId == site)
                .ToDictionaryAsync(f => f.ItemId, cancellationToken);
            var kept = new List<TextResult>();
            var readAgain = new List<Guid>();
            var missing = new List<MissingMetadataItem>();
            var policies = new Dictionary<Guid, PolicyItem>();
            var interpretations = new HashSet<Guid>();
            var texts = Channel.CreateBounded<List<Text>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
            var scanning = Task.Run(
                async () =>
                {
                    try
                    {
                        return await ScanAsync(texts.Reader, sanitizer, cancellationToken);
                    }
                    catch (Exception ex)
                    {
                        // Stops the reader, which would otherwise wait on a full channel.
                        texts.Writer.TryComplete(ex);
                        throw;
                    }
                },
                cancellationToken);
            try
            {
                var batch = new List<Text>(TextBatch);
                // Only the title and body are read as text; the rest are decided in SQL (millions of rows).
                var scans = db.MonitoringTextScans.Where(s => s.ScannerVersion == TextScannerVersion);
                var rows = from i in publicItems
                           join s in scans on i.TenantId equals s.TenantId into siteScans
                           from s in siteScans.DefaultIfEmpty()
                           let unchanged = s != null && i.UpdatedAt <= s.ScannedUntil
                           select new
                           {
                               i.Id,
                               i.TenantId,
                               i.ColumnId,
                               i.PublishedAt,
                               i.Title,
                               Body = unchanged ? null : i.Body,
                               Unchanged = unchanged,
                               HasPublisher = i.Publisher != null && i.Publisher != string.Empty,
                               IsPolicy = i.ContentType == MonitoredContent.PolicyDocument,
                               IsInterpretation = i.ContentType == MonitoredContent.Interpretation,
                               InForce = i.Status == ContentStatus.Published,
                               DocumentNumber = i.ContentType == MonitoredContent.PolicyDocument ? i.DocumentNumber : null,
                               Overridden = i.PersonalDataOverride != null,
                           };
                await foreach (var item in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    if (item.PublishedAt is { } at && (!facts._ownLatest.TryGetValue(item.ColumnId, out var latest) || at > latest))
                    {
                        facts._ownLatest[item.ColumnId] = at;
                    }

                    if (!item.HasPublisher || (item.IsPolicy && string.IsNullOrEmpty(item.DocumentNumber)))
                    {
                        missing.Add(new MissingMetadataItem(item.Id, item.TenantId, item.Title, item.HasPublisher));
                    }

                    // A policy in force (not expired) needs an interpretation; one that is readable (published or expired) gives it.
                    if (item.IsPolicy && item.InForce && item.PublishedAt is { } issued)
                    {
                        policies[item.Id] = new PolicyItem(item.Id, item.TenantId, item.Title, item.DocumentNumber, issued);
                    }
                    else if (item.IsInterpretation)
                    {
                        interpretations.Add(item.Id);
                    }

                    if (item.Unchanged)
                    {
                        if (stored.TryGetValue(item.Id, out var found))
                        {
                            kept.Add(new TextResult(item.Id, item.TenantId, item.Title, found.ImagesWithoutAlt, found.PersonalData, item.Overridden));
                        }

                        continue;
                    }

                    if (scannedSites.Contains(item.TenantId))
                    {
                        readAgain.Add(item.Id);
                    }

                    batch.Add(new Text(item.Id, item.TenantId, item.Title, item.Body, item.Overridden));
                    if (batch.Count == TextBatch)
                    {
                        await texts.Writer.WriteAsync(batch, cancellationToken);
                        batch = new List<Text>(TextBatch);
                    }
                }

                await texts.Writer.WriteAsync(batch, cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // The scan failed: its own exception is the one to report.
                await scanning;
                throw;
            }
            finally
            {
                texts.Writer.TryComplete();
            }

            var scanned = await scanning;
            var results = kept.Concat(scanned).ToList();
            facts._imagesWithoutAlt = results.Where(r => r.Images > 0).Select(r => new CountedItem(r.Id, r.TenantId, r.Title, r.Images)).ToLookup(i => i.TenantId);
            facts._personalData = results.Where(r => r.Personal > 0 && !r.PersonalDataOverridden).Select(r => new CountedItem(r.Id, r.TenantId, r.Title, r.Personal)).ToLookup(i => i.TenantId);
            facts.TextScan = new TextScan(scannedSites, readAgain, scanned);
            facts._missingMetadata = missing.ToLookup(i => i.TenantId);

            // Relations link items of one site, so the site's own are all its policies can have.
            var relations = await db.ContentRelations.AsNoTracking().Where(r => site == null || r.TenantId == site).Select(r => new { r.FromItemId, r.ToItemId }).ToListAsync(cancellationToken);
            foreach (var relation in relations.Where(r => interpretations.Contains(r.FromItemId)))
            {
                policies.Remove(relation.ToItemId);
            }

            facts._policiesWithoutInterpretation = policies.Values.ToLookup(p => p.TenantId);

            // Driven by the reposts (few) with the source item looked up by key, never by scanning the items.
            var reposted = await db.Reposts.AsNoTracking().Where(r => r.State == RepostState.Shown && (site == null || r.TenantId == site))
                .Select(r => new
                {
                    r.ColumnId,
                    PublishedAt = db.ContentItems.Where(i => i.Id == r.SourceItemId && (i.Status == ContentStatus.Published || i.Status == ContentStatus.Expired))
                        .Select(i => i.PublishedAt).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);
            facts._repostLatest = reposted.Where(r => r.PublishedAt != null).GroupBy(r => r.ColumnId).ToDictionary(g => g.Key, g => g.Max(r => r.PublishedAt!.Value));
            facts._hasContent = [.. facts._ownLatest.Keys, .. facts._repostLatest.Keys];

            var expired = await items
                .Where(i => i.Status == ContentStatus.Published && i.Disclosure == DisclosureAttribute.Proactive && i.ExpiryDate != null && i.ExpiryDate < today)
                .Select(i => new { i.Id, i.TenantId, i.Title, i.ExpiryDate }).ToListAsync(cancellationToken);
            facts._expired = expired.Select(i => new CountedItem(i.Id, i.TenantId, i.Title, today.DayNumber - i.ExpiryDate!.Value.DayNumber)).ToLookup(i => i.TenantId);

            var reports = await publicItems.Where(i => i.ContentType == MonitoredContent.Report && i.PublishedAt != null)
                .Select(i => new { i.TenantId, i.Fields, i.PublishedAt }).ToListAsync(cancellationToken);
            facts._annualReports = reports.Select(r => DisclosureReportYear(r.Fields) is { } year ? new AnnualReport(r.TenantId, year, r.PublishedAt!.Value) : null)
                .OfType<AnnualReport>().ToLookup(r => r.TenantId);
            return facts;
        }

        /// <summary>What is watched beside the content: availability probes, broken links, and messages waiting for (or given) their reply.</summary>
        private async Task ReadWatchedAsync(SiteClusterDbContext db, MonitoringRuleSetDefinition ruleSet, DateTimeOffset now, Guid? site, CancellationToken cancellationToken)
        {
            var rules = ruleSet.Rules ?? [];
            foreach (var rule in rules.Where(r => r.Type == MonitoringRuleType.Unreachable && r.Code is not null))
            {
                var from = now.AddDays(-rule.Days);
                var slow = rule.Seconds * 1000;
                var counts = await db.AvailabilityProbes.AsNoTracking().Where(p => p.At > from && p.At <= now && (site == null || p.TenantId == site))
                    .GroupBy(p => p.TenantId)
                    .Select(g => new { g.Key, Total = g.Count(), Failed = g.Count(p => !p.Succeeded || p.LatencyMilliseconds > slow) })
                    .ToListAsync(cancellationToken);
                _probes[rule.Code!] = counts.ToDictionary(c => c.Key, c => new ProbeCount(c.Total, c.Failed));
            }

            if (rules.Any(r => r.Type == MonitoringRuleType.BrokenLinks))
            {
                var starts = await db.LinkCheckStates.AsNoTracking().Where(s => site == null || s.TenantId == site).ToDictionaryAsync(s => s.TenantId, s => s.StartUrl, cancellationToken);
                // The start address itself not answering is the availability rule's finding, not a broken link.
                var broken = await db.LinkCheckEntries.AsNoTracking().Where(e => e.IsBroken && e.FoundOn != null && (site == null || e.TenantId == site))
                    .Select(e => new { e.TenantId, e.Url, e.UrlHash, e.FoundOn, e.StatusCode }).ToListAsync(cancellationToken);
                _brokenLinks = broken.Select(e => new BrokenLink(e.TenantId, e.Url, e.UrlHash, e.FoundOn!, e.FoundOn == starts.GetValueOrDefault(e.TenantId), e.StatusCode))
                    .ToLookup(l => l.TenantId);
            }

            if (rules.FirstOrDefault(r => r.Type == MonitoringRuleType.UnansweredMessages) is not null)
            {
                var since = now.AddDays(-rules.Where(r => r.Type == MonitoringRuleType.UnansweredMessages).Max(r => r.LookbackDays));
                var messages = await db.PublicMessages.AsNoTracking()
                    .Where(m => (site == null || m.TenantId == site)
                                && (m.Status == Interaction.MessageStatus.Pending || m.Status == Interaction.MessageStatus.Accepted
                                    || (m.Status == Interaction.MessageStatus.Replied && m.RepliedAt >= since)))
                    .Select(m => new Message(m.Id, m.TenantId, m.Kind, m.Subject, m.SubmittedAt, m.Status == Interaction.MessageStatus.Replied ? m.RepliedAt : null))
                    .ToListAsync(cancellationToken);
                _messages = messages.ToLookup(m => m.TenantId);
            }
        }

        private const int TextBatch = 1000;

        /// <summary>What readers see of an item, for the scans.</summary>
        private sealed record Text(Guid Id, Guid TenantId, string Title, string? Body, bool PersonalDataOverridden);

        /// <summary>
        /// Images without alternative text and personal data in each item read: the items it found
        /// something in, personal data counted even where a reviewer's logged override exempts the
        /// item (the override is applied to the findings, so lifting it needs no new scan).
        /// </summary>
        private static async Task<List<TextResult>> ScanAsync(ChannelReader<List<Text>> texts, RichTextSanitizer sanitizer, CancellationToken cancellationToken)
        {
            var found = new List<TextResult>();
            await foreach (var batch in texts.ReadAllAsync(cancellationToken))
            {
                foreach (var item in batch)
                {
                    var images = item.Body is not null && item.Body.Contains("<img", StringComparison.OrdinalIgnoreCase) ? sanitizer.ImagesWithoutAlt(item.Body).Count : 0;
                    var personal = PersonalDataScanner.Scan(item.Title).Count + PersonalDataScanner.Scan(item.Body ?? string.Empty).Count;
                    if (images + personal > 0)
                    {
                        found.Add(new TextResult(item.Id, item.TenantId, item.Title, images, personal, item.PersonalDataOverridden));
                    }
                }
            }

            return found;
        }

        /// <summary>The year of a Report whose fields say it is the disclosure annual report (<c>kind</c>, <c>year</c>); null for any other report.</summary>
        private static int? DisclosureReportYear(string fields)
        {
            try
            {
                using var document = JsonDocument.Parse(fields);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty(MonitoredContent.ReportKindField, out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != MonitoredContent.DisclosureAnnualReport
                    || !root.TryGetProperty(MonitoredContent.ReportYearField, out var year))
                {
                    return null;
                }

                return year.ValueKind switch
                {
                    JsonValueKind.Number when year.TryGetInt32(out var number) => number,
                    JsonValueKind.String when int.TryParse(year.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
                    _ => null,
                };
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public List<Column> ColumnsOf(Guid site) => _columnsBySite.GetValueOrDefault(site) ?? [];

        public bool HasChildren(Guid column) => _parents.Contains(column);

        public bool HasCatalogueDescendant(Guid column) =>
            _children[column].Any(c => _catalogueColumns.Contains(c) || HasCatalogueDescendant(c));

        public CatalogueNode? Node(string c) => _nodes.GetValueOrDefault(c);

        /// <summary>Whether the column shows anything now (its own public items or reposts): a column emptied counts as blank.</summary>
        public bool HasContent(Guid column) => _hasContent.Contains(column);

        public IEnumerable<MissingMetadataItem> ItemsMissingMetadata(Guid site) => _missingMetadata[site];

        public DateTimeOffset? Latest(Guid column, bool countReposts)
        {
            DateTimeOffset? own = _ownLatest.TryGetValue(column, out var o) ? o : null;
            DateTimeOffset? reposted = countReposts && _repostLatest.TryGetValue(column, out var r) ? r : null;
            return own is null ? reposted : reposted is null ? own : own > reposted ? own : reposted;
        }

        public DateTimeOffset? SubtreeLatest(Guid column, bool countReposts) =>
            _children[column].Select(c => SubtreeLatest(c, countReposts)).Append(Latest(column, countReposts)).Max();
    }
}
