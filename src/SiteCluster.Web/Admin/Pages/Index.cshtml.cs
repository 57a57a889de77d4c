using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages;

/// <summary>The site switcher: only the sites the user has a role on, searchable and paged (a ClusterAdmin sees thousands).</summary>
public sealed class IndexPage(AdminContext admin, ISiteRegistry registry) : PageModel
{
    public const int PageSize = 50;

    public sealed record SiteRow(string Slug, string Name, IReadOnlyList<SiteRole> Roles);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<SiteRow> Sites { get; private set; } = [];

    public int Total { get; private set; }

    public void OnGet()
    {
        var snapshot = registry.Current;
        var sites = admin.RequiredUser.Sites(snapshot)
            .Where(s => string.IsNullOrWhiteSpace(Query) || s.Name.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase) || s.Slug.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        Total = sites.Count;
        PageNumber = Math.Max(1, PageNumber);
        Sites = [.. sites.Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(s => new SiteRow(s.Slug, s.Name, [.. admin.RequiredUser.RolesOn(s, snapshot).Order()]))];
    }
}
