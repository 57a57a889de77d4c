using System.Text.Json.Serialization;

namespace SiteCluster.Core.Content.Types;

/// <summary>What a type-specific field holds; values are JSON validated against it.</summary>
public enum ContentFieldType
{
    /// <summary>One line of plain text.</summary>
    Text,

    /// <summary>Plain text over several lines.</summary>
    MultilineText,

    /// <summary>HTML, sanitised like the body.</summary>
    RichText,

    /// <summary>A whole number.</summary>
    WholeNumber,

    Boolean,

    /// <summary>A calendar date, <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>An absolute http(s) address or a path on the site.</summary>
    Url,

    /// <summary>One of the field's <see cref="ContentFieldDefinition.Options"/>.</summary>
    Choice,

    /// <summary>Another item of the same site, of the field's <see cref="ContentFieldDefinition.ContentType"/>; linked both ways.</summary>
    ContentRef,
}

/// <summary>Whether a content type has a rich-text body.</summary>
public enum BodyRule
{
    Required,
    Optional,
    None,
}

/// <summary>Common metadata a content type requires before it can be published.</summary>
public enum MetadataField
{
    /// <summary>发布机构.</summary>
    Publisher,

    /// <summary>文号.</summary>
    DocumentNumber,

    /// <summary>成文日期.</summary>
    WrittenDate,

    /// <summary>主题分类.</summary>
    TopicCategory,

    /// <summary>内容概述.</summary>
    Summary,
}

/// <summary>One type-specific field of a content type.</summary>
public sealed class ContentFieldDefinition
{
    /// <summary>camelCase key of the value in the item's field JSON.</summary>
    public string? Name { get; set; }

    /// <summary>Label shown to editors and readers, e.g. 办理地点.</summary>
    public string? DisplayName { get; set; }

    public ContentFieldType? Type { get; set; }

    /// <summary>Needed before the item can be submitted or published (drafts may leave it empty).</summary>
    public bool Required { get; set; }

    /// <summary>Longest text accepted (text types); 2,000 characters when omitted, none for rich text.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Allowed values of a <see cref="ContentFieldType.Choice"/> field.</summary>
    public List<string>? Options { get; set; }

    /// <summary>Target type of a <see cref="ContentFieldType.ContentRef"/> field.</summary>
    public string? ContentType { get; set; }

    /// <summary>Label of the reverse link shown on the target (e.g. 政策解读 on a policy).</summary>
    public string? InverseDisplayName { get; set; }
}

/// <summary>
/// A content type as a recipe declares it (<c>recipes/content-types/*.json</c>): its body
/// rule, the common metadata it requires, and its own fields. Stored as cluster data.
/// </summary>
public sealed class ContentTypeDefinition
{
    /// <summary>PascalCase name catalogue nodes refer to, e.g. <c>PolicyDocument</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Chinese name, e.g. 政策文件.</summary>
    public string? DisplayName { get; set; }

    public BodyRule Body { get; set; } = BodyRule.Required;

    public List<MetadataField>? RequiredMetadata { get; set; }

    public List<ContentFieldDefinition>? Fields { get; set; }

    [JsonIgnore]
    public IReadOnlyList<ContentFieldDefinition> AllFields => Fields ?? [];

    public ContentFieldDefinition? Field(string name) => AllFields.FirstOrDefault(f => f.Name == name);
}

/// <summary>An installed content type: cluster data, the declaration kept as JSON.</summary>
public sealed class ContentTypeRecord
{
    public required string Name { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>The whole <see cref="ContentTypeDefinition"/> as JSON.</summary>
    public required string Definition { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
