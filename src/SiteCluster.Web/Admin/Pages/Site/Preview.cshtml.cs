using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;
using SiteCluster.Themes.Base.Models;
using SiteCluster.Web.Public;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 预览: a version of an item (the latest draft unless one is named) rendered by the site's
/// public theme exactly as it will appear, with a notice that it is not published. Files are
/// linked through the admin, since the public site serves only published ones. Never cached
/// or indexed.
/// </summary>
public sealed class PreviewPage(
    AdminContext admin, SiteClusterDbContext db, ContentService content, SiteColumns columns, ItemPages pages, TimeProvider time, IStringLocalizer<AdminStrings> strings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var item = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == Id, HttpContext.RequestAborted);
        if (item is null || (Version is { } v && (v < 1 || v > item.CurrentVersion)))
        {
            return NotFound();
        }

        var draft = await content.GetDraftAsync(Id, Version, HttpContext.RequestAborted);
        ContentService.Apply(item, draft);
        item.PublishedAt ??= time.GetUtcNow();
        await columns.LoadAsync(HttpContext.RequestAborted);
        var files = $"{Request.PathBase}/admin/{admin.RequiredSite.Slug}/media?handler=File&mediaId=";
        item.Body = MediaLinks.Rewrite(item.Body, (mediaId, _) => files + mediaId);
        var model = await pages.BuildAsync(item);
        model = model with
        {
            Attachments = [.. item.Attachments.Select(a => new LabelledValueViewModel(a.Name, a.Name, Url: files + a.MediaId))],
        };

        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        var view = new ViewResult
        {
            ViewName = "/Views/Public/Item.cshtml",
            ViewData = new ViewDataDictionary<ItemPageViewModel>(new EmptyModelMetadataProvider(), ModelState) { Model = model },
        };
        view.ViewData["Title"] = item.Title;
        view.ViewData["PreviewNotice"] = string.Format(
            CultureInfo.CurrentCulture, strings["PreviewNotice"].Value, Version ?? item.CurrentVersion, BeijingTime.Format(time.GetUtcNow()));
        return view;
    }
}
