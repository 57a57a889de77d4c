using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Monitoring;

/// <summary>How much a spot-check draw picks: sites, items per site, and the window's length in days.</summary>
public sealed record SpotCheckDraw(int Sites = 3, int Items = 5, int WindowDays = 30);

/// <summary>A spot check refused: nothing to draw, not the inspector's, already closed, points left unjudged.</summary>
public sealed class SpotCheckException(string message) : Exception(message);

/// <summary>
/// 三随机抽查 (RULES.md §1, seed 001): an inspector (the provincial office, or a city office for
/// its counties) draws sites below their site at random, a random window of the last year for
/// each, and random public items published in it; then judges each point of the rule set's
/// checklist 符合 or 不符合 with a note, and closes the check. Each site drawn gets its own
/// <see cref="SpotCheck"/>, owned by it: the site sees its own, a higher office those below it.
/// </summary>
public sealed class SpotChecks(SiteClusterDbContext db, IClusterScope clusterScope, ISiteRegistry registry, MonitoringService monitoring, TimeProvider time)
{
    /// <summary>How far back a window may lie.</summary>
    public const int LookbackDays = 365;

    private static readonly JsonSerializerOptions Json = MonitoringService.Json;

    /// <summary>Whether <paramref name="user"/> inspects from <paramref name="site"/>: its Supervisor (a higher office) or a ClusterAdmin.</summary>
    public bool CanInspect(UserAccess user, SiteInfo site) =>
        user.RolesOn(site, registry.Current) is var roles && (roles.Contains(SiteRole.ClusterAdmin) || roles.Contains(SiteRole.Supervisor));

    /// <summary>Whether <paramref name="user"/> judges <paramref name="check"/>: they inspect from the site that started it.</summary>
    public bool CanJudge(UserAccess user, SpotCheck check) =>
        registry.Current.FindById(check.InspectorSiteId) is { } inspector && CanInspect(user, inspector);

    /// <summary>Draws active sites below <paramref name="from"/>, a window and items for each, with the installed checklist; one check per site drawn.</summary>
    public async Task<IReadOnlyList<SpotCheck>> StartAsync(UserAccess user, SiteInfo from, SpotCheckDraw draw, Random? random = null, CancellationToken cancellationToken = default)
    {
        random ??= Random.Shared;
        if (!CanInspect(user, from))
        {
            throw new SpotCheckException(CoreText.Get("SpotCheck_NotInspector"));
        }

        var checklist = (await monitoring.RuleSetAsync(cancellationToken))?.Checklist?.Where(p => !string.IsNullOrWhiteSpace(p.Code)).ToList() ?? [];
        if (checklist.Count == 0)
        {
            throw new SpotCheckException(CoreText.Get("SpotCheck_NoChecklist"));
        }

        var candidates = registry.Current.DescendantsOf(from).Where(s => s.Status == SiteStatus.Active).ToArray();
        if (candidates.Length == 0)
        {
            throw new SpotCheckException(CoreText.Get("SpotCheck_NoSites"));
        }

        random.Shuffle(candidates);
        var windowDays = Math.Clamp(draw.WindowDays, 1, LookbackDays);
        var today = BeijingTime.Today(time);
        var now = time.GetUtcNow();
        var drawId = Guid.CreateVersion7();
        var points = JsonSerializer.Serialize(checklist.Select(p => new SpotCheckPointResult(p.Code!, p.Text ?? p.Code!, null, null)), Json);
        var checks = new List<SpotCheck>();
        using var scope = clusterScope.Open($"spot check drawn from {from.Slug}");
        foreach (var site in candidates.Take(Math.Clamp(draw.Sites, 1, candidates.Length)))
        {
            var start = today.AddDays(-LookbackDays + random.Next(0, LookbackDays - windowDays + 2));
            var end = start.AddDays(windowDays - 1);
            var (since, until) = (BeijingTime.StartOf(start), BeijingTime.StartOf(end.AddDays(1)));
            var published = (await db.ContentItems.AsNoTracking()
                .Where(i => i.TenantId == site.Id && i.Status == ContentStatus.Published && i.Disclosure == DisclosureAttribute.Proactive
                            && i.PublishedAt >= since && i.PublishedAt < until)
                .Select(i => new SpotCheckItem(i.Id, i.ColumnId, i.Title, i.PublishedAt)).ToListAsync(cancellationToken)).ToArray();
            random.Shuffle(published);
            var check = new SpotCheck
            {
                Id = Guid.CreateVersion7(),
                TenantId = site.Id,
                DrawId = drawId,
                InspectorSiteId = from.Id,
                StartedBy = user.UserName,
                StartedAt = now,
                WindowStart = start,
                WindowEnd = end,
                Items = JsonSerializer.Serialize(published.Take(Math.Max(0, draw.Items)).OrderBy(i => i.PublishedAt), Json),
                Points = points,
            };
            db.SpotChecks.Add(check);
            checks.Add(check);
        }

        await db.SaveChangesAsync(cancellationToken);
        return checks;
    }

    /// <summary>The checks of <paramref name="site"/> and of the sites below it that <paramref name="user"/> reaches, newest first.</summary>
    public async Task<IReadOnlyList<SpotCheck>> ListAsync(UserAccess user, SiteInfo site, int take = 200, CancellationToken cancellationToken = default)
    {
        var snapshot = registry.Current;
        var sites = snapshot.DescendantsOf(site).Prepend(site).Where(s => user.RolesOn(s, snapshot).Count > 0).Select(s => s.Id).ToList();
        using var scope = clusterScope.Open("spot checks of a subtree");
        return await db.SpotChecks.AsNoTracking().Where(c => sites.Contains(c.TenantId))
            .OrderByDescending(c => c.StartedAt).ThenBy(c => c.TenantId).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>A check of the current site; null when it has none by that id.</summary>
    public Task<SpotCheck?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.SpotChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>
    /// Records the inspector's verdicts and notes (by point code) and the conclusion; with
    /// <paramref name="close"/> the check is closed, which needs a verdict on every point.
    /// </summary>
    public async Task<SpotCheck> JudgeAsync(
        UserAccess user, Guid id, IReadOnlyDictionary<string, (SpotCheckVerdict? Verdict, string? Note)> judged, string? conclusion, bool close, CancellationToken cancellationToken = default)
    {
        var check = await db.SpotChecks.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException(id.ToString());
        if (!CanJudge(user, check))
        {
            throw new SpotCheckException(CoreText.Get("SpotCheck_NotInspector"));
        }

        if (check.Status == SpotCheckStatus.Closed)
        {
            throw new SpotCheckException(CoreText.Get("SpotCheck_Closed"));
        }

        var points = PointsOf(check).Select(p => judged.TryGetValue(p.Code, out var given)
            ? p with { Verdict = given.Verdict, Note = Trim(given.Note, 1000) }
            : p).ToList();
        check.Points = JsonSerializer.Serialize(points, Json);
        check.Conclusion = Trim(conclusion, 2000);
        if (close)
        {
            if (points.Any(p => p.Verdict is null))
            {
                await db.SaveChangesAsync(cancellationToken);
                throw new SpotCheckException(CoreText.Get("SpotCheck_Unjudged"));
            }

            check.Status = SpotCheckStatus.Closed;
            check.ClosedAt = time.GetUtcNow();
            check.ClosedBy = user.UserName;
        }

        await db.SaveChangesAsync(cancellationToken);
        return check;
    }

    public static IReadOnlyList<SpotCheckItem> ItemsOf(SpotCheck check) => JsonSerializer.Deserialize<List<SpotCheckItem>>(check.Items, Json) ?? [];

    public static IReadOnlyList<SpotCheckPointResult> PointsOf(SpotCheck check) => JsonSerializer.Deserialize<List<SpotCheckPointResult>>(check.Points, Json) ?? [];

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var trimmed && trimmed.Length > max ? trimmed[..max] : value.Trim();
}
