namespace SiteCluster.Themes.Base.Models;

/// <summary>What every public page knows of its site: header, footer and links.</summary>
public sealed record SiteChromeViewModel(
    string Name,
    string LevelName,
    string HomeUrl,
    string DirectoryUrl,
    string Organiser,
    string SiteCode,
    string? IcpNumber,
    string? PublicSecurityNumber,
    bool IsArchived);

public sealed record SiteLinkViewModel(string Name, string LevelName, string Url);

public sealed record HomeViewModel(
    SiteChromeViewModel Site,
    SiteLinkViewModel? Parent,
    IReadOnlyList<SiteLinkViewModel> Children,
    IReadOnlyList<ColumnNodeViewModel> Columns);

/// <summary>A column of the site's disclosure catalogue (主动公开基本目录), with its children.</summary>
public sealed record ColumnNodeViewModel(string Name, IReadOnlyList<ColumnNodeViewModel> Children);

public sealed record DirectoryNodeViewModel(SiteLinkViewModel Site, IReadOnlyList<DirectoryNodeViewModel> Children);

public sealed record DirectoryViewModel(SiteChromeViewModel Site, IReadOnlyList<DirectoryNodeViewModel> Roots, int SiteCount);

/// <summary>A page that explains why the request cannot be served (unknown site, closed, read-only).</summary>
public sealed record StatusViewModel(int StatusCode, string Title, string Message, SiteChromeViewModel? Site);
