using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Interaction;
using SiteCluster.Core.Media;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>One consultation: write or change it, publish it, and after its deadline publish the feedback (采纳情况).</summary>
public sealed class ConsultationPage(AdminContext admin, Consultations consultations, SiteClusterDbContext db, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public Consultation? Consultation { get; private set; }

    public ConsultationPhase Phase => Consultation?.PhaseOn(consultations.Today) ?? ConsultationPhase.Draft;

    public int Comments { get; private set; }

    /// <summary>What the form shows: the saved values, or what was typed when a save was refused.</summary>
    public ConsultationForm Form { get; private set; } = new(null, null, null, null, null, null);

    public IReadOnlyList<MediaItem> Documents { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Error { get; private set; }

    public string? Feedback { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(Guid? id, string? title, string? body, Guid? attachmentId, string? organiser, DateOnly? startsOn, DateOnly? endsOn)
    {
        var form = new ConsultationForm(title, body, attachmentId, organiser, startsOn, endsOn);
        try
        {
            var saved = await consultations.SaveAsync(admin.RequiredActor, id, form, HttpContext.RequestAborted);
            TempData["Message"] = strings["ConsultationSaved"].Value;
            return Redirect($"{Request.PathBase}/admin/{Slug}/consultations/edit/{saved.Id}");
        }
        catch (Exception ex) when (ex is InteractionException or ContentPermissionException)
        {
            return await RefusedAsync(id, ex, form);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostPublishAsync(Guid id) =>
        ActAsync(id, () => consultations.PublishAsync(admin.RequiredActor, id, HttpContext.RequestAborted), "ConsultationPublishedMessage");

    public async Task<IActionResult> OnPostFeedbackAsync(Guid id, string? feedback)
    {
        Feedback = feedback;
        return await ActAsync(id, () => consultations.PublishFeedbackAsync(admin.RequiredActor, id, feedback, HttpContext.RequestAborted), "ConsultationFeedbackSaved");
    }

    private async Task<IActionResult> ActAsync(Guid id, Func<Task<Consultation>> action, string done)
    {
        try
        {
            await action();
            TempData["Message"] = strings[done].Value;
            return Redirect($"{Request.PathBase}/admin/{Slug}/consultations/edit/{id}");
        }
        catch (Exception ex) when (ex is InteractionException or ContentPermissionException)
        {
            return await RefusedAsync(id, ex, null);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult> RefusedAsync(Guid? id, Exception ex, ConsultationForm? form)
    {
        Error = ex.Message;
        Errors = ex is InteractionException interaction ? interaction.Fields : new Dictionary<string, string>();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Form = form ?? Form;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? id)
    {
        Documents = await db.MediaItems.AsNoTracking().Where(m => m.Kind != MediaKind.Image).OrderByDescending(m => m.UploadedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        if (id is not { } existing)
        {
            var today = consultations.Today;
            Form = new ConsultationForm(null, null, null, admin.RequiredSite.Organiser, today, today.AddDays(Consultations.UsualDays));
            return true;
        }

        Consultation = await consultations.FindAsync(existing, HttpContext.RequestAborted);
        if (Consultation is null)
        {
            return false;
        }

        Comments = await consultations.CountAsync(existing, HttpContext.RequestAborted);
        Form = new ConsultationForm(Consultation.Title, Consultation.Body, Consultation.AttachmentId, Consultation.Organiser, Consultation.StartsOn, Consultation.EndsOn);
        Feedback ??= Consultation.Feedback;
        return true;
    }
}
