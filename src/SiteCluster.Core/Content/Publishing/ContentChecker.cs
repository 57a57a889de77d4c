using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;

namespace SiteCluster.Core.Content.Publishing;

/// <summary>Personal data found in one field of an item, shown masked.</summary>
public sealed record PersonalDataFinding(string Field, PersonalDataKind Kind, string Masked);

/// <summary>
/// The checks an item passes through: on every save its text is tidied and its rich text
/// sanitised; before it is submitted or published it must be complete (required fields and
/// metadata, a stated reason for anything not 主动公开, alt text on every image) and is
/// scanned for personal data.
/// </summary>
public sealed class ContentChecker(RichTextSanitizer sanitizer)
{
    private readonly HtmlParser _parser = new();

    /// <summary>
    /// The draft as it will be stored: trimmed, sanitised, field values normalised. Problems
    /// that stop a save are added always; those that stop a publish only when <paramref name="complete"/>.
    /// </summary>
    public ContentDraft Clean(ContentDraft draft, ContentTypeDefinition type, bool complete, List<ContentProblem> problems)
    {
        var body = type.Body == BodyRule.None || string.IsNullOrWhiteSpace(draft.Body) ? null : sanitizer.Sanitize(draft.Body).Html;
        var cleaned = draft with
        {
            Title = draft.Title.Trim(),
            Summary = Tidy(draft.Summary),
            Body = string.IsNullOrWhiteSpace(TextOf(body)) && !(body?.Contains("<img", StringComparison.OrdinalIgnoreCase) ?? false) ? null : body,
            Fields = ContentFieldValidator.Validate(type, draft.Fields, complete, sanitizer, problems),
            Attachments = [.. draft.Attachments.Select(a => a with { Name = a.Name.Trim() })],
            Publisher = Tidy(draft.Publisher),
            DocumentNumber = Tidy(draft.DocumentNumber),
            TopicCategory = Tidy(draft.TopicCategory),
            GenreCategory = Tidy(draft.GenreCategory),
            Audience = Tidy(draft.Audience),
            Keywords = Tidy(draft.Keywords),
            Source = Tidy(draft.Source),
            DisclosureNote = Tidy(draft.DisclosureNote),
            PublishedAt = draft.PublishedAt?.ToUniversalTime(),
            DisclosureReason = draft.Disclosure == DisclosureAttribute.Proactive ? null : draft.DisclosureReason,
        };

        if (cleaned.Title.Length == 0)
        {
            problems.Add(new ContentProblem("title", ContentProblemKind.Required, CoreText.Get("TitleRequired")));
        }
        else if (cleaned.Title.Length > 300)
        {
            problems.Add(new ContentProblem("title", ContentProblemKind.TooLong, CoreText.Format("TitleTooLong", 300)));
        }

        if (cleaned.Attachments.Any(a => a.Name.Length == 0))
        {
            problems.Add(new ContentProblem("attachments", ContentProblemKind.Required, CoreText.Get("AttachmentNameRequired")));
        }

        if (cleaned.EffectiveDate is { } effective && cleaned.ExpiryDate is { } expiry && expiry <= effective)
        {
            problems.Add(new ContentProblem("expiryDate", ContentProblemKind.InvalidValue, CoreText.Get("ExpiryBeforeEffective")));
        }

        if (complete)
        {
            CheckComplete(cleaned, type, problems);
        }

        return cleaned;
    }

    /// <summary>
    /// What a cleaned draft lacks to be published through review: required fields and
    /// metadata, a body, a reason for anything not 主动公开, alt text on images.
    /// </summary>
    public IReadOnlyList<ContentProblem> Incomplete(ContentDraft clean, ContentTypeDefinition type)
    {
        var problems = new List<ContentProblem>();
        var fields = new List<ContentProblem>();
        ContentFieldValidator.Validate(type, clean.Fields, complete: true, sanitizer, fields);
        problems.AddRange(fields.Where(p => p.Kind == ContentProblemKind.Required));
        CheckComplete(clean, type, problems);
        return problems;
    }

    private void CheckComplete(ContentDraft draft, ContentTypeDefinition type, List<ContentProblem> problems)
    {
        if (type.Body == BodyRule.Required && draft.Body is null)
        {
            problems.Add(new ContentProblem("body", ContentProblemKind.Required, CoreText.Get("BodyRequired")));
        }

        foreach (var field in type.RequiredMetadata ?? [])
        {
            var (key, value, label) = field switch
            {
                MetadataField.Publisher => ("publisher", draft.Publisher, CoreText.Get("Meta_Publisher")),
                MetadataField.DocumentNumber => ("documentNumber", draft.DocumentNumber, CoreText.Get("Meta_DocumentNumber")),
                MetadataField.WrittenDate => ("writtenDate", draft.WrittenDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), CoreText.Get("Meta_WrittenDate")),
                MetadataField.TopicCategory => ("topicCategory", draft.TopicCategory, CoreText.Get("Meta_TopicCategory")),
                _ => ("summary", draft.Summary, CoreText.Get("Meta_Summary")),
            };
            if (value is null)
            {
                problems.Add(new ContentProblem(key, ContentProblemKind.Required, CoreText.Format("MetadataRequired", type.DisplayName, label)));
            }
        }

        if (draft.Disclosure != DisclosureAttribute.Proactive && (draft.DisclosureReason is null || draft.DisclosureNote is null))
        {
            problems.Add(new ContentProblem("disclosureReason", ContentProblemKind.ReasonRequired, CoreText.Get("DisclosureReasonRequired")));
        }

        foreach (var (field, html) in RichTexts(draft, type))
        {
            foreach (var src in sanitizer.ImagesWithoutAlt(html))
            {
                problems.Add(new ContentProblem(field, ContentProblemKind.ImageWithoutAlt, CoreText.Format("ImageWithoutAlt", src)));
            }
        }
    }

    /// <summary>Personal data in the item's text, field values and attachment names.</summary>
    public IReadOnlyList<PersonalDataFinding> ScanPersonalData(ContentDraft draft, ContentTypeDefinition type) =>
        [.. Texts(draft, type).SelectMany(t => PersonalDataScanner.Scan(t.Text).Select(m => new PersonalDataFinding(t.Field, m.Kind, m.Masked)))];

    /// <summary>The draft with every personal-data match masked where it can be (text split by markup is left for the editor).</summary>
    public static ContentDraft Mask(ContentDraft draft, ContentTypeDefinition type)
    {
        var fields = draft.Fields.DeepClone().AsObject();
        foreach (var field in type.AllFields.Where(f => f.Type is ContentFieldType.Text or ContentFieldType.MultilineText or ContentFieldType.RichText))
        {
            if (fields[field.Name!] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                fields[field.Name!] = PersonalDataScanner.Mask(text);
            }
        }

        return draft with
        {
            Title = PersonalDataScanner.Mask(draft.Title),
            Summary = MaskOrNull(draft.Summary),
            Body = MaskOrNull(draft.Body),
            Keywords = MaskOrNull(draft.Keywords),
            Fields = fields,
            Attachments = [.. draft.Attachments.Select(a => a with { Name = PersonalDataScanner.Mask(a.Name) })],
        };
    }

    /// <summary>The plain text of some HTML.</summary>
    public string TextOf(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        using var document = _parser.ParseDocument(html);
        return document.Body?.TextContent ?? string.Empty;
    }

    private IEnumerable<(string Field, string Text)> Texts(ContentDraft draft, ContentTypeDefinition type)
    {
        yield return ("title", draft.Title);
        yield return ("summary", draft.Summary ?? string.Empty);
        yield return ("body", TextOf(draft.Body));
        yield return ("keywords", draft.Keywords ?? string.Empty);
        foreach (var (field, text) in ContentFieldValidator.Texts(type, draft.Fields))
        {
            yield return (field, type.Field(field["fields.".Length..])?.Type == ContentFieldType.RichText ? TextOf(text) : text);
        }

        for (var i = 0; i < draft.Attachments.Count; i++)
        {
            yield return ($"attachments[{i}].name", draft.Attachments[i].Name);
        }
    }

    private static IEnumerable<(string Field, string Html)> RichTexts(ContentDraft draft, ContentTypeDefinition type)
    {
        if (draft.Body is not null)
        {
            yield return ("body", draft.Body);
        }

        foreach (var field in type.AllFields.Where(f => f.Type == ContentFieldType.RichText))
        {
            if (draft.Fields[field.Name!] is JsonValue value && value.TryGetValue<string>(out var html))
            {
                yield return ($"fields.{field.Name}", html);
            }
        }
    }

    private static string? Tidy(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? MaskOrNull(string? text) => text is null ? null : PersonalDataScanner.Mask(text);
}
