using Microsoft.AspNetCore.Mvc;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>The public pages of the current site.</summary>
public sealed class PublicController(TenantContext tenant, ISiteRegistry registry, SiteChrome chrome, StatusPageRenderer statusPages) : Controller
{
    private SiteInfo Site => tenant.Site!;

    [HttpGet("/")]
    public IActionResult Home()
    {
        var snapshot = registry.Current;
        var parent = Site.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        var children = snapshot.ChildrenOf(Site.Id).Where(IsListed).Select(s => chrome.Link(HttpContext, s)).ToList();
        var model = new HomeViewModel(chrome.For(HttpContext, Site), parent is null ? null : chrome.Link(HttpContext, parent), children);
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
