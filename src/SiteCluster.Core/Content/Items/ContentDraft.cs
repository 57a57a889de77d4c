using System.Text.Json.Nodes;

namespace SiteCluster.Core.Content.Items;

/// <summary>
/// Everything an editor writes on an item: what a version stores and what publishing copies
/// into the item. The content type and the 索引号 are not part of it: they never change by editing.
/// </summary>
public sealed record ContentDraft
{
    public Guid ColumnId { get; init; }

    public string Title { get; init; } = string.Empty;

    public string? Summary { get; init; }

    public string? Body { get; init; }

    public JsonObject Fields { get; init; } = [];

    public IReadOnlyList<ContentAttachment> Attachments { get; init; } = [];

    public string? Publisher { get; init; }

    public string? DocumentNumber { get; init; }

    public DateOnly? WrittenDate { get; init; }

    /// <summary>发布日期 for content published elsewhere first (imports); otherwise set when it goes live.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    public DateOnly? EffectiveDate { get; init; }

    public DateOnly? ExpiryDate { get; init; }

    public string? TopicCategory { get; init; }

    public string? GenreCategory { get; init; }

    public string? Audience { get; init; }

    public string? Keywords { get; init; }

    public string? Source { get; init; }

    public DisclosureAttribute Disclosure { get; init; } = DisclosureAttribute.Proactive;

    public NonDisclosureReason? DisclosureReason { get; init; }

    public string? DisclosureNote { get; init; }
}
