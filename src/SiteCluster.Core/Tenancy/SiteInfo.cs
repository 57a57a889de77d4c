namespace SiteCluster.Core.Tenancy;

/// <summary>An immutable view of a site, as held by the registry snapshot.</summary>
public sealed record SiteInfo(
    Guid Id,
    string Slug,
    string Name,
    SiteLevel Level,
    Guid? ParentId,
    string? ParentSlug,
    string PrimaryHost,
    IReadOnlyList<string> Hosts,
    string SiteCode,
    string Organiser,
    string? IcpNumber,
    string? PublicSecurityNumber,
    string Theme,
    SiteStatus Status,
    int SortOrder,
    string? OrganisationCode = null,
    ExpiredContentDisplay ExpiredContent = ExpiredContentDisplay.Mark,
    SiteAppearance? Appearance = null)
{
    public SiteAppearance Look => Appearance ?? SiteAppearance.Default;

    public bool IsReadOnly => Status == SiteStatus.Archived;
}
