using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteCluster.Core.Interaction;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>The comments on one consultation with the commenters' details; opening it is audited, like a message.</summary>
public sealed class ConsultationCommentsPage(AdminContext admin, Consultations consultations) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public Consultation Consultation { get; private set; } = null!;

    public IReadOnlyList<ConsultationComment> Comments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await consultations.FindAsync(id, HttpContext.RequestAborted) is not { } consultation)
        {
            return NotFound();
        }

        Consultation = consultation;
        Comments = await consultations.OpenCommentsAsync(admin.RequiredActor, id, HttpContext.RequestAborted);
        return Page();
    }
}
