using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Interaction;
using SiteCluster.Core.Monitoring;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>What waits for the webmaster: drafts, review, rejections, scheduled and soon-expiring items.</summary>
public sealed class DashboardPage(AdminContext admin, SiteClusterDbContext db, ContentTypeStore types, MonitoringService monitoring, DisclosureApplications applications, PublicMessages messages, Consultations consultations, TimeProvider time) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public string SiteName => admin.RequiredSite.Name;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public int Drafts { get; private set; }

    public int Submitted { get; private set; }

    public int Rejected { get; private set; }

    public int Scheduled { get; private set; }

    public int ExpiringSoon { get; private set; }

    /// <summary>Reposts from higher-level sites held in this site's inbox.</summary>
    public int RepostsPending { get; private set; }

    public IReadOnlyDictionary<string, string> Types { get; private set; } = new Dictionary<string, string>();

    /// <summary>This site's open monitoring findings, each with its rule's name and the page that fixes it.</summary>
    public IReadOnlyList<(string Rule, string Detail, DateTimeOffset FirstSeen, string FixUrl)> Findings { get; private set; } = [];

    /// <summary>依申请公开 replies overdue or due within 5 working days, and applications to register.</summary>
    public ApplicationAlerts Applications { get; private set; } = new(0, 0, 0, 0);

    /// <summary>政民互动 messages to moderate and to answer.</summary>
    public MessageAlerts Messages { get; private set; } = new(0, 0, 0);

    /// <summary>意见征集 past their deadline whose feedback (采纳情况) is not published.</summary>
    public int ConsultationsWithoutFeedback { get; private set; }

    /// <summary>The site's score in the latest monitoring run, if any.</summary>
    public MonitoringScore? LatestScore { get; private set; }

    /// <summary>
    /// Where the webmaster fixes a finding: a new interpretation of the policy, the year's annual report,
    /// the item's editor, the columns, the settings, or the content list.
    /// </summary>
    private string FixUrl(MonitoringRuleType? rule, string target)
    {
        var root = $"{Request.PathBase}/admin/{Slug}";
        return target.Split(':') switch
        {
            ["item", var id] when rule == MonitoringRuleType.PolicyWithoutInterpretation =>
                $"{root}/content/edit?type={MonitoredContent.Interpretation}&field.{MonitoredContent.InterpretationPolicyField}={id}",
            ["report", var year] => $"{root}/annual-reports/{year}",
            ["item", var id] => $"{root}/content/edit/{id}",
            ["column", var id] => $"{root}/content?column={id}",
            ["node", _] => $"{root}/columns",
            ["footer", _] => $"{root}/settings",
            ["message", var id] => $"{root}/messages/{id}",
            ["link", _] or ["availability"] => $"{root}/monitoring",
            _ => $"{root}/content",
        };
    }

    public async Task OnGetAsync()
    {
        var items = db.ContentItems.AsNoTracking();
        var counts = await items.GroupBy(i => i.Review).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Submitted = counts.GetValueOrDefault(ReviewState.Submitted);
        Rejected = counts.GetValueOrDefault(ReviewState.Rejected);
        Scheduled = counts.GetValueOrDefault(ReviewState.Scheduled);
        Drafts = await items.CountAsync(i => i.Review == ReviewState.None && (i.PublishedVersion == null || i.CurrentVersion != i.PublishedVersion));
        var soon = BeijingTime.Today(time).AddDays(ContentListPage.ExpiringWithinDays);
        ExpiringSoon = await items.CountAsync(i => i.Status == ContentStatus.Published && i.ExpiryDate != null && i.ExpiryDate <= soon);
        RepostsPending = await db.Reposts.CountAsync(r => r.State == SiteCluster.Core.Content.Reposts.RepostState.Pending);
        Types = (await types.AllAsync()).ToDictionary(t => t.Key, t => t.Value.DisplayName!);
        var rules = await monitoring.RulesAsync();
        var open = await db.MonitoringFindings.AsNoTracking().Where(f => f.ResolvedAt == null).ToListAsync();
        Findings = [.. open.OrderBy(f => f.RuleCode).ThenBy(f => f.FirstSeenAt).Select(f =>
            (rules.GetValueOrDefault(f.RuleCode)?.Name ?? f.RuleCode, f.Detail, f.FirstSeenAt, FixUrl(rules.GetValueOrDefault(f.RuleCode)?.Type, f.Target)))];
        Applications = await applications.AlertsAsync();
        Messages = await messages.AlertsAsync();
        ConsultationsWithoutFeedback = await consultations.ClosedWithoutFeedbackAsync();
        LatestScore = await db.MonitoringScores.AsNoTracking().OrderByDescending(s => s.At).FirstOrDefaultAsync();
    }
}
