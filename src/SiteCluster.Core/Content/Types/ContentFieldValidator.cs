using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SiteCluster.Core.Content.Publishing;

namespace SiteCluster.Core.Content.Types;

/// <summary>Why an item cannot be saved, submitted or published as it is.</summary>
public enum ContentProblemKind
{
    Required,
    TooLong,
    InvalidValue,
    UnknownField,
    NotAllowedHere,
    ReasonRequired,
    PersonalData,
    ImageWithoutAlt,
    ReferenceMissing,
}

/// <summary>One problem with an item, on one field, with a message for the webmaster (zh-CN).</summary>
public sealed record ContentProblem(string Field, ContentProblemKind Kind, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// Checks an item's type-specific field values against its content type: unknown fields,
/// value types, lengths and choices always; required fields only when the item must be
/// complete (on submit and publish, not while it is a draft). Rich-text values come back sanitised.
/// </summary>
public static class ContentFieldValidator
{
    private const int DefaultMaxLength = 2000;

    public static JsonObject Validate(
        ContentTypeDefinition type, JsonObject? values, bool complete, RichTextSanitizer sanitizer, List<ContentProblem> problems)
    {
        var result = new JsonObject();
        foreach (var (name, _) in values ?? [])
        {
            if (type.Field(name) is null)
            {
                problems.Add(new ContentProblem($"fields.{name}", ContentProblemKind.UnknownField, CoreText.Format("UnknownField", type.DisplayName)));
            }
        }

        foreach (var field in type.AllFields)
        {
            var key = $"fields.{field.Name}";
            var value = values?[field.Name!];
            if (IsEmpty(value))
            {
                if (complete && field.Required)
                {
                    problems.Add(new ContentProblem(key, ContentProblemKind.Required, CoreText.Format("FieldRequired", field.DisplayName)));
                }

                continue;
            }

            if (Normalise(field, value!, sanitizer) is { } normalised)
            {
                var max = field.MaxLength ?? (field.Type == ContentFieldType.RichText ? int.MaxValue : DefaultMaxLength);
                if (normalised.GetValueKind() == JsonValueKind.String && normalised.GetValue<string>().Length > max)
                {
                    problems.Add(new ContentProblem(key, ContentProblemKind.TooLong, CoreText.Format("FieldTooLong", field.DisplayName, max)));
                }

                result[field.Name!] = normalised;
            }
            else
            {
                problems.Add(new ContentProblem(key, ContentProblemKind.InvalidValue, CoreText.Format("FieldInvalid", field.DisplayName, Expectation(field))));
            }
        }

        return result;
    }

    /// <summary>The text of every text-like value, for the personal-data scan.</summary>
    public static IEnumerable<(string Field, string Text)> Texts(ContentTypeDefinition type, JsonObject values) =>
        type.AllFields
            .Where(f => f.Type is ContentFieldType.Text or ContentFieldType.MultilineText or ContentFieldType.RichText or ContentFieldType.Url)
            .Select(f => (Field: $"fields.{f.Name}", Value: values[f.Name!]))
            .Where(v => v.Value?.GetValueKind() == JsonValueKind.String)
            .Select(v => (v.Field, v.Value!.GetValue<string>()));

    /// <summary>The targets of every content reference, by field name.</summary>
    public static IEnumerable<(ContentFieldDefinition Field, Guid Target)> References(ContentTypeDefinition type, JsonObject values) =>
        type.AllFields
            .Where(f => f.Type == ContentFieldType.ContentRef)
            .Select(f => (Field: f, Value: values[f.Name!]))
            .Where(v => v.Value?.GetValueKind() == JsonValueKind.String && Guid.TryParse(v.Value.GetValue<string>(), out _))
            .Select(v => (v.Field, Guid.Parse(v.Value!.GetValue<string>())));

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetValue<string>()));

    private static JsonValue? Normalise(ContentFieldDefinition field, JsonNode value, RichTextSanitizer sanitizer)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>().Trim() : null;
        return field.Type switch
        {
            ContentFieldType.Text when text is not null => JsonValue.Create(text.ReplaceLineEndings(" ")),
            ContentFieldType.MultilineText when text is not null => JsonValue.Create(text.ReplaceLineEndings("\n")),
            ContentFieldType.RichText when text is not null => JsonValue.Create(sanitizer.Sanitize(text).Html),
            ContentFieldType.WholeNumber when kind == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out var number) => JsonValue.Create(number),
            ContentFieldType.Boolean when kind is JsonValueKind.True or JsonValueKind.False => JsonValue.Create(kind == JsonValueKind.True),
            ContentFieldType.Date when text is not null
                && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ContentFieldType.Url when text is not null && IsUrl(text) => JsonValue.Create(text),
            ContentFieldType.Choice when text is not null && field.Options!.Contains(text, StringComparer.Ordinal) => JsonValue.Create(text),
            ContentFieldType.ContentRef when text is not null && Guid.TryParse(text, out var id) => JsonValue.Create(id.ToString()),
            _ => null,
        };
    }

    private static bool IsUrl(string text) =>
        (text.StartsWith('/') && !text.StartsWith("//", StringComparison.Ordinal))
        || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    private static string Expectation(ContentFieldDefinition field) => field.Type switch
    {
        ContentFieldType.WholeNumber => CoreText.Get("Expect_WholeNumber"),
        ContentFieldType.Boolean => CoreText.Get("Expect_Boolean"),
        ContentFieldType.Date => CoreText.Get("Expect_Date"),
        ContentFieldType.Url => CoreText.Get("Expect_Url"),
        ContentFieldType.Choice => CoreText.Format("Expect_Choice", string.Join(CoreText.Get("NameSeparator"), field.Options!)),
        ContentFieldType.ContentRef => CoreText.Get("Expect_ContentRef"),
        _ => CoreText.Get("Expect_Text"),
    };
}
