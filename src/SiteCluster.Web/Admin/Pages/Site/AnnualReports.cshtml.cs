using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>政府信息公开工作年度报告: the site's drafts by year, and the form that makes a year's draft.</summary>
public sealed class AnnualReportsPage(AdminContext admin, AnnualReports reports, TimeProvider time) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    /// <summary>The year a report is usually made for: last year.</summary>
    public int LastYear => BeijingTime.Today(time).Year - 1;

    public IReadOnlyList<AnnualReport> Reports { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync() =>
        Reports = await reports.Query().OrderByDescending(r => r.Year).ToListAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostGenerateAsync(int year)
    {
        try
        {
            await reports.GenerateAsync(admin.RequiredActor, year, HttpContext.RequestAborted);
            return Redirect($"{Request.PathBase}/admin/{Slug}/annual-reports/{year}");
        }
        catch (Exception ex) when (ex is InteractionException or ContentPermissionException)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }
    }
}
