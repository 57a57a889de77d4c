using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>政民互动: the site's messages to moderate and to answer, oldest first, without the writers' details.</summary>
public sealed class MessagesPage(AdminContext admin, PublicMessages messages) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public MessageAlerts Alerts { get; private set; } = new(0, 0, 0);

    public bool All { get; private set; }

    public IReadOnlyList<(Guid Id, string Number, MessageKind Kind, string Subject, MessageStatus Status, DateTimeOffset SubmittedAt, int? Days)> Rows { get; private set; } = [];

    public async Task OnGetAsync(bool all = false)
    {
        All = all;
        Alerts = await messages.AlertsAsync(HttpContext.RequestAborted);
        var query = messages.Query();
        if (!all)
        {
            query = query.Where(m => m.Status == MessageStatus.Pending || m.Status == MessageStatus.Accepted);
        }

        var rows = await query.OrderBy(m => m.SubmittedAt).Take(200)
            .Select(m => new { m.Id, m.TrackingNumber, m.Kind, m.Subject, m.Status, m.SubmittedAt, m.ResponseWorkingDays })
            .ToListAsync(HttpContext.RequestAborted);
        Rows = [.. rows.Select(m => (m.Id, m.TrackingNumber, m.Kind, m.Subject, m.Status, m.SubmittedAt, m.ResponseWorkingDays))];
    }
}
