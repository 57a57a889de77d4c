using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>保密审查: what waits for a reviewer, oldest first.</summary>
public sealed class ReviewQueuePage(AdminContext admin, SiteClusterDbContext db) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public IReadOnlyList<ContentItem> Items { get; private set; } = [];

    public async Task OnGetAsync() =>
        Items = await db.ContentItems.AsNoTracking().Where(i => i.Review == ReviewState.Submitted).OrderBy(i => i.UpdatedAt).Take(200).ToListAsync();
}
