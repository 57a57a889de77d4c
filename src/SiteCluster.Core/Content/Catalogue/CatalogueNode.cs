using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Catalogue;

/// <summary>How often a column must get new content (periods per RULES.md §1, applied by monitoring).</summary>
public enum UpdateClass
{
    /// <summary>No freshness duty (single pages such as 机构职能).</summary>
    None = 0,

    /// <summary>动态、要闻: two weeks.</summary>
    News = 1,

    /// <summary>通知公告、政策文件: six months.</summary>
    NoticePolicy = 2,

    /// <summary>人事、规划计划: one year.</summary>
    PersonnelPlan = 3,
}

/// <summary>A node of the installed standard disclosure catalogue (主动公开基本目录). Cluster data.</summary>
public sealed class CatalogueNode
{
    public Guid Id { get; set; }

    /// <summary>Stable code, e.g. <c>02</c> or <c>0201</c>; columns refer to it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>URL segment of the column, e.g. <c>zcwj</c>.</summary>
    public required string Slug { get; set; }

    public string? ParentCode { get; set; }

    public List<string> ContentTypes { get; set; } = [];

    public UpdateClass UpdateClass { get; set; }

    /// <summary>Site levels for which the node is a mandatory column.</summary>
    public List<SiteLevel> MandatoryFor { get; set; } = [];

    public int SortOrder { get; set; }

    /// <summary>Dropped by a later catalogue version; kept so columns and content never lose their origin.</summary>
    public bool IsRemoved { get; set; }

    /// <summary>The catalogue version that last changed this node.</summary>
    public required string Version { get; set; }
}

/// <summary>One installed version of the catalogue.</summary>
public sealed class CatalogueVersion
{
    public Guid Id { get; set; }

    public required string Version { get; set; }

    public string? Title { get; set; }

    public DateTimeOffset InstalledAt { get; set; }
}
