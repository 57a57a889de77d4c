using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>意见征集: the site's consultations, newest first, with their state, comment count and whether feedback is published.</summary>
public sealed class ConsultationsPage(AdminContext admin, Consultations consultations) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public DateOnly Today => consultations.Today;

    public int WithoutFeedback { get; private set; }

    public IReadOnlyList<(Consultation Consultation, int Comments)> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var rows = await consultations.Query().OrderByDescending(c => c.StartsOn).ThenByDescending(c => c.CreatedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        var counts = await consultations.CountsAsync(HttpContext.RequestAborted);
        Rows = [.. rows.Select(c => (c, counts.GetValueOrDefault(c.Id)))];
        WithoutFeedback = await consultations.ClosedWithoutFeedbackAsync(HttpContext.RequestAborted);
    }
}
