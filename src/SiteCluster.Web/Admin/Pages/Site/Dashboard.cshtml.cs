using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>What waits for the webmaster: drafts, review, rejections, scheduled and soon-expiring items.</summary>
public sealed class DashboardPage(AdminContext admin, SiteClusterDbContext db, ContentTypeStore types, TimeProvider time) : PageModel
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
    }
}
