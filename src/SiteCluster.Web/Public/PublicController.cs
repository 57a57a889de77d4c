using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>The public pages of the current site.</summary>
public sealed class PublicController(TenantContext tenant, ISiteRegistry registry, SiteChrome chrome, StatusPageRenderer statusPages, SiteClusterDbContext db) : Controller
{
    private SiteInfo Site => tenant.Site!;

    [HttpGet("/")]
    public async Task<IActionResult> Home()
    {
        var snapshot = registry.Current;
        var parent = Site.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        var children = snapshot.ChildrenOf(Site.Id).Where(IsListed).Select(s => chrome.Link(HttpContext, s)).ToList();
        var columns = await db.Columns.AsNoTracking().Where(c => !c.IsHidden)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(HttpContext.RequestAborted);
        var byParent = columns.ToLookup(c => c.ParentId);
        List<ColumnNodeViewModel> Tree(Guid? parentId) => [.. byParent[parentId].Select(c => new ColumnNodeViewModel(c.Name, Tree(c.Id)))];
        var model = new HomeViewModel(chrome.For(HttpContext, Site), parent is null ? null : chrome.Link(HttpContext, parent), children, Tree(null));
        return View("/Views/Public/Home.cshtml", model);
    }

    /// <summary>政府网站导航: every listed site of the cluster as a tree.</summary>
    [HttpGet("/directory")]
    public IActionResult Directory()
    {
        var snapshot = registry.Current;
        var count = 0;
        List<DirectoryNodeViewModel> Nodes(Guid? parentId) =>
        [
            .. snapshot.ChildrenOf(parentId).Where(IsListed).Select(s =>
            {
                count++;
                return new DirectoryNodeViewModel(chrome.Link(HttpContext, s), Nodes(s.Id));
            }),
        ];

        var roots = Nodes(null);
        return View("/Views/Public/Directory.cshtml", new DirectoryViewModel(chrome.For(HttpContext, Site), roots, count));
    }

    /// <summary>Any other path of a known site: the theme's 404 page.</summary>
    public IActionResult PageNotFound()
    {
        var model = statusPages.Build(HttpContext, StatusPage.NotFound, Site);
        Response.StatusCode = model.StatusCode;
        return View("/Views/Public/Status.cshtml", model);
    }

    private static bool IsListed(SiteInfo site) => site.Status != SiteStatus.Disabled;
}
