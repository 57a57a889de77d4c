using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>依申请公开: the site's applications, the ones that need action first, with their due dates.</summary>
public sealed class ApplicationsPage(AdminContext admin, DisclosureApplications applications) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    /// <summary>all (default), open, overdue.</summary>
    public string Show { get; private set; } = "open";

    public DateOnly Today => applications.Today;

    public ApplicationAlerts Alerts { get; private set; } = new(0, 0, 0, 0);

    public IReadOnlyList<DisclosureApplication> Rows { get; private set; } = [];

    public async Task OnGetAsync(string? show)
    {
        Show = show is "all" or "overdue" ? show : "open";
        Alerts = await applications.AlertsAsync(HttpContext.RequestAborted);
        var query = applications.Query();
        query = Show switch
        {
            "overdue" => query.Where(a => a.Status == ApplicationStatus.Registered && a.DueOn < Today),
            "open" => query.Where(a => a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.Registered || a.Status == ApplicationStatus.AwaitingAmendment),
            _ => query,
        };

        // Personal data is not read here: the list shows numbers, dates and what was asked for.
        Rows = await query.OrderBy(a => a.DueOn == null).ThenBy(a => a.DueOn).ThenByDescending(a => a.SubmittedAt).Take(200)
            .Select(a => new DisclosureApplication
            {
                Id = a.Id,
                TrackingNumber = a.TrackingNumber,
                CodeHash = string.Empty,
                ApplicantName = string.Empty,
                IdentityNumber = string.Empty,
                Phone = string.Empty,
                Description = a.Description,
                PreferredFormat = a.PreferredFormat,
                Delivery = a.Delivery,
                Status = a.Status,
                SubmittedAt = a.SubmittedAt,
                ReceivedOn = a.ReceivedOn,
                DueOn = a.DueOn,
                AmendmentDueOn = a.AmendmentDueOn,
                Outcome = a.Outcome,
                RepliedOn = a.RepliedOn,
            })
            .ToListAsync(HttpContext.RequestAborted);
    }
}
