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
            problems.Add(new ContentProblem("title", ContentProblemKind.Required, "请填写标题"));
        }
        else if (cleaned.Title.Length > 300)
        {
            problems.Add(new ContentProblem("title", ContentProblemKind.TooLong, "标题不能超过 300 个字"));
        }

        if (cleaned.Attachments.Any(a => a.Name.Length == 0))
        {
            problems.Add(new ContentProblem("attachments", ContentProblemKind.Required, "每个附件都要有名称"));
        }

        if (cleaned.EffectiveDate is { } effective && cleaned.ExpiryDate is { } expiry && expiry <= effective)
        {
            problems.Add(new ContentProblem("expiryDate", ContentProblemKind.InvalidValue, "失效日期应晚于生效日期"));
        }

        if (complete)
        {
            CheckComplete(cleaned, type, problems);
        }

        return cleaned;
    }

    private void CheckComplete(ContentDraft draft, ContentTypeDefinition type, List<ContentProblem> problems)
    {
        if (type.Body == BodyRule.Required && draft.Body is null)
        {
            problems.Add(new ContentProblem("body", ContentProblemKind.Required, "请填写正文"));
        }

        foreach (var field in type.RequiredMetadata ?? [])
        {
            var (key, value, label) = field switch
            {
                MetadataField.Publisher => ("publisher", draft.Publisher, "发布机构"),
                MetadataField.DocumentNumber => ("documentNumber", draft.DocumentNumber, "文号"),
                MetadataField.WrittenDate => ("writtenDate", draft.WrittenDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "成文日期"),
                MetadataField.TopicCategory => ("topicCategory", draft.TopicCategory, "主题分类"),
                _ => ("summary", draft.Summary, "内容概述"),
            };
            if (value is null)
            {
                problems.Add(new ContentProblem(key, ContentProblemKind.Required, $"“{type.DisplayName}”须填写{label}"));
            }
        }

        if (draft.Disclosure != DisclosureAttribute.Proactive && (draft.DisclosureReason is null || draft.DisclosureNote is null))
        {
            problems.Add(new ContentProblem("disclosureReason", ContentProblemKind.ReasonRequired, "非主动公开的信息须选择不公开的理由并说明"));
        }

        foreach (var (field, html) in RichTexts(draft, type))
        {
            foreach (var src in sanitizer.ImagesWithoutAlt(html))
            {
                problems.Add(new ContentProblem(field, ContentProblemKind.ImageWithoutAlt, $"图片 {src} 缺少替代文字（alt），读屏软件无法朗读"));
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
