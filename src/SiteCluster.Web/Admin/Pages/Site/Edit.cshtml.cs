using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// The editor: every disclosure field and the type's own fields, attachments from the media
/// library or uploaded here, save (a new version) and submit for review. A refused save keeps
/// everything typed and shows each problem next to its field.
/// </summary>
public sealed class EditPage(
    AdminContext admin,
    ContentService content,
    ContentTypeStore types,
    MediaService media,
    SiteClusterDbContext db,
    IStringLocalizer<AdminStrings> strings) : PageModel
{
    public sealed class EditForm
    {
        public Guid ColumnId { get; set; }

        public string? Title { get; set; }

        public string? Summary { get; set; }

        public string? Body { get; set; }

        public string? Publisher { get; set; }

        public string? DocumentNumber { get; set; }

        public DateOnly? WrittenDate { get; set; }

        public DateOnly? EffectiveDate { get; set; }

        public DateOnly? ExpiryDate { get; set; }

        public string? TopicCategory { get; set; }

        public string? GenreCategory { get; set; }

        public string? Audience { get; set; }

        public string? Keywords { get; set; }

        public string? Source { get; set; }

        public DisclosureAttribute Disclosure { get; set; } = DisclosureAttribute.Proactive;

        public NonDisclosureReason? DisclosureReason { get; set; }

        public string? DisclosureNote { get; set; }

        public Dictionary<string, string?> Fields { get; set; } = [];

        public List<Guid> Attachments { get; set; } = [];

        public int Version { get; set; }

        /// <summary>When it should go live (Beijing time); empty = when approved.</summary>
        public DateTime? PublishAt { get; set; }
    }

    public sealed record Option(string Value, string Label);

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty]
    public EditForm Form { get; set; } = new();

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ContentTypeDefinition? Definition { get; private set; }

    public ContentItem? Item { get; private set; }

    public IReadOnlyList<ColumnRow> Columns { get; private set; } = [];

    public IReadOnlyList<MediaItem> Media { get; private set; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<Option>> References { get; private set; } = new Dictionary<string, IReadOnlyList<Option>>();

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public IEnumerable<string> ErrorsFor(string field) => Errors.GetValueOrDefault(field) ?? [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (Item is not null)
        {
            var draft = await content.GetDraftAsync(Item.Id);
            Form = ToForm(draft, Item.CurrentVersion);
        }
        else
        {
            if (Request.Query.TryGetValue("column", out var column) && Guid.TryParse(column, out var columnId))
            {
                Form.ColumnId = columnId;
            }

            // A link may start the new item with some of its type's fields (field.{name}=value), e.g. the policy an interpretation is for.
            foreach (var field in Definition!.AllFields)
            {
                if (Request.Query.TryGetValue($"field.{field.Name}", out var value) && !string.IsNullOrEmpty(value))
                {
                    Form.Fields[field.Name!] = value.ToString();
                }
            }
        }

        if (Definition!.AllFields.Any(f => f.Type == ContentFieldType.ContentRef && Form.Fields.ContainsKey(f.Name!)))
        {
            // Offer the items the form has chosen even when they are not among the latest.
            await ReloadListsAsync();
        }

        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(submit: false);

    public Task<IActionResult> OnPostSubmitAsync() => SaveAsync(submit: true);

    private async Task<IActionResult> SaveAsync(bool submit)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var actor = admin.RequiredActor;
        try
        {
            if (Upload is { Length: > 0 })
            {
                await using var stream = Upload.OpenReadStream();
                var uploaded = await media.UploadAsync(stream, Upload.FileName, HttpContext.RequestAborted);
                Form.Attachments.Add(uploaded.Id);
            }

            var draft = await ToDraftAsync();
            var item = Item is null
                ? await content.CreateAsync(actor, Definition!.Name!, draft, HttpContext.RequestAborted)
                : await content.SaveAsync(actor, Item.Id, draft, Form.Version, HttpContext.RequestAborted);
            if (submit)
            {
                DateTimeOffset? publishAt = Form.PublishAt is { } at ? BeijingTime.FromLocal(at) : null;
                await content.SubmitAsync(actor, item.Id, publishAt, HttpContext.RequestAborted);
            }

            TempData["Message"] = strings[submit ? "SubmittedMessage" : "SavedMessage"].Value;
            return Redirect($"{Request.PathBase}/admin/{Slug}/content/edit/{item.Id}");
        }
        catch (ContentValidationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                AddError(problem.Field, problem.Message);
            }
        }
        catch (MediaRejectedException ex)
        {
            AddError("upload", string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["NamedProblem"].Value, Upload?.FileName, strings[$"MediaRejected_{ex.Reason}"]));
        }
        catch (MediaStoreUnavailableException)
        {
            AddError("upload", string.Format(System.Globalization.CultureInfo.CurrentCulture, strings["MediaStoreUnavailable"].Value, Upload?.FileName));
        }
        catch (Exception ex) when (ex is ContentPermissionException or ContentStateException or ContentConflictException)
        {
            AddError(string.Empty, ex.Message);
        }

        await ReloadListsAsync();
        return Page();
    }

    private void AddError(string field, string message)
    {
        var key = field.StartsWith("attachments", StringComparison.Ordinal) ? "attachments" : field;
        if (!Errors.TryGetValue(key, out var list))
        {
            Errors[key] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Finds the item and its type; false when the item is not this site's.</summary>
    private async Task<bool> LoadAsync()
    {
        if (Id is { } id)
        {
            Item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, HttpContext.RequestAborted);
            if (Item is null)
            {
                return false;
            }

            Type = Item.ContentType;
        }

        var all = await types.AllAsync(HttpContext.RequestAborted);
        Definition = Type is null ? null : all.GetValueOrDefault(Type);
        if (Definition is null)
        {
            return false;
        }

        await ReloadListsAsync();
        return true;
    }

    private async Task ReloadListsAsync()
    {
        Columns = await AdminColumns.TreeAsync(db, HttpContext.RequestAborted);
        Media = await db.MediaItems.AsNoTracking().OrderByDescending(m => m.UploadedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        var references = new Dictionary<string, IReadOnlyList<Option>>();
        foreach (var field in Definition!.AllFields.Where(f => f.Type == ContentFieldType.ContentRef))
        {
            var options = await db.ContentItems.AsNoTracking()
                .Where(i => i.ContentType == field.ContentType && (i.Status == ContentStatus.Published || i.Review == ReviewState.Scheduled))
                .OrderByDescending(i => i.PublishedAt).Take(200)
                .Select(i => new Option(i.Id.ToString(), i.Title)).ToListAsync(HttpContext.RequestAborted);

            // The item already chosen stays offered when it is older than the latest 200.
            if (Guid.TryParse(Form.Fields.GetValueOrDefault(field.Name!), out var chosen) && options.All(o => o.Value != chosen.ToString())
                && await db.ContentItems.AsNoTracking().Where(i => i.Id == chosen && i.ContentType == field.ContentType).Select(i => i.Title).FirstOrDefaultAsync(HttpContext.RequestAborted) is { } title)
            {
                options.Add(new Option(chosen.ToString(), title));
            }

            references[field.Name!] = options;
        }

        References = references;
    }

    private async Task<ContentDraft> ToDraftAsync()
    {
        var fields = new JsonObject();
        foreach (var field in Definition!.AllFields)
        {
            if (Form.Fields.GetValueOrDefault(field.Name!) is not { Length: > 0 } value)
            {
                continue;
            }

            fields[field.Name!] = field.Type switch
            {
                ContentFieldType.WholeNumber when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                ContentFieldType.Boolean when bool.TryParse(value, out var flag) => JsonValue.Create(flag),
                _ => JsonValue.Create(value),
            };
        }

        var names = await db.MediaItems.AsNoTracking().Where(m => Form.Attachments.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.FileName, HttpContext.RequestAborted);
        return new ContentDraft
        {
            ColumnId = Form.ColumnId,
            Title = Form.Title ?? string.Empty,
            Summary = Form.Summary,
            Body = Form.Body,
            Fields = fields,
            Attachments = [.. Form.Attachments.Distinct().Select(id => new ContentAttachment(id, names.GetValueOrDefault(id) ?? string.Empty))],
            Publisher = Form.Publisher,
            DocumentNumber = Form.DocumentNumber,
            WrittenDate = Form.WrittenDate,
            EffectiveDate = Form.EffectiveDate,
            ExpiryDate = Form.ExpiryDate,
            TopicCategory = Form.TopicCategory,
            GenreCategory = Form.GenreCategory,
            Audience = Form.Audience,
            Keywords = Form.Keywords,
            Source = Form.Source,
            Disclosure = Form.Disclosure,
            DisclosureReason = Form.DisclosureReason,
            DisclosureNote = Form.DisclosureNote,
        };
    }

    private static EditForm ToForm(ContentDraft draft, int version) => new()
    {
        ColumnId = draft.ColumnId,
        Title = draft.Title,
        Summary = draft.Summary,
        Body = draft.Body,
        Publisher = draft.Publisher,
        DocumentNumber = draft.DocumentNumber,
        WrittenDate = draft.WrittenDate,
        EffectiveDate = draft.EffectiveDate,
        ExpiryDate = draft.ExpiryDate,
        TopicCategory = draft.TopicCategory,
        GenreCategory = draft.GenreCategory,
        Audience = draft.Audience,
        Keywords = draft.Keywords,
        Source = draft.Source,
        Disclosure = draft.Disclosure,
        DisclosureReason = draft.DisclosureReason,
        DisclosureNote = draft.DisclosureNote,
        Fields = draft.Fields.ToDictionary(f => f.Key, f => f.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : f.Value?.ToJsonString()),
        Attachments = [.. draft.Attachments.Select(a => a.MediaId)],
        Version = version,
    };
}
