namespace SiteCluster.Core.Tenancy;

/// <summary>One government website of the cluster: a tenant.</summary>
public sealed class Site
{
    public Guid Id { get; set; }

    /// <summary>Stable key used by recipes, URLs (<c>/s/{slug}/</c>) and tools.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public SiteLevel Level { get; set; }

    public Guid? ParentId { get; set; }

    public Site? Parent { get; set; }

    /// <summary>网站标识码: 10 digits (6-digit division code + 4-digit serial) or <c>bm</c> + 8 digits.</summary>
    public required string SiteCode { get; set; }

    /// <summary>Organisation code of the publishing body: 9-character 组织机构代码 or 18-character 统一社会信用代码; starts the 索引号.</summary>
    public string? OrganisationCode { get; set; }

    /// <summary>主办单位.</summary>
    public required string Organiser { get; set; }

    /// <summary>ICP 备案号.</summary>
    public string? IcpNumber { get; set; }

    /// <summary>公安备案号 (公网安备 + 14 digits).</summary>
    public string? PublicSecurityNumber { get; set; }

    public string Theme { get; set; } = "base";

    /// <summary>The site's <see cref="SiteAppearance"/> as JSON; null for the default.</summary>
    public string? Appearance { get; set; }

    /// <summary>What readers see of content past its expiry date.</summary>
    public ExpiredContentDisplay ExpiredContent { get; set; } = ExpiredContentDisplay.Mark;

    public SiteStatus Status { get; set; } = SiteStatus.Active;

    /// <summary>Order among siblings in directories and navigation.</summary>
    public int SortOrder { get; set; }

    public List<SiteHost> Hosts { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A host name that reaches a site; one per site is primary, the rest are aliases.</summary>
public sealed class SiteHost
{
    public Guid Id { get; set; }

    public Guid SiteId { get; set; }

    /// <summary>Lower-case host name without port.</summary>
    public required string HostName { get; set; }

    public bool IsPrimary { get; set; }
}

public enum SiteLevel
{
    Province = 1,
    City = 2,
    County = 3,
    Department = 4,
}

/// <summary>How a site shows content past its 失效日期.</summary>
public enum ExpiredContentDisplay
{
    /// <summary>Still listed and readable, marked 已失效.</summary>
    Mark = 1,

    /// <summary>Taken off the public pages.</summary>
    Hide = 2,
}

public enum SiteStatus
{
    Active = 1,

    /// <summary>Public pages answer 503 with the site's name.</summary>
    Disabled = 2,

    /// <summary>Public pages are read-only; no writes to the site's data.</summary>
    Archived = 3,
}
