using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Columns;

/// <summary>
/// A column (栏目) of one site. Catalogue columns follow a node of the standard catalogue;
/// local columns (no <see cref="CatalogueCode"/>) are the site's own, under any column.
/// </summary>
public sealed class Column : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid? ParentId { get; set; }

    /// <summary>The catalogue node this column follows; null for a local column.</summary>
    public string? CatalogueCode { get; set; }

    public required string Name { get; set; }

    /// <summary>URL segment, unique among the column's siblings.</summary>
    public required string Slug { get; set; }

    public int SortOrder { get; set; }

    public bool IsHidden { get; set; }

    /// <summary>The catalogue dropped this column's node: the column and its content stay, flagged for the webmaster.</summary>
    public bool CatalogueRemoved { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsLocal => CatalogueCode is null;
}
