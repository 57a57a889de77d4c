using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

public enum StatusPage
{
    UnknownSite,
    Disabled,
    ReadOnly,
    NotFound,
    Error,

    /// <summary>The database or file storage cannot be reached: 503, try again later.</summary>
    Unavailable,
}

/// <summary>Renders the theme's Chinese status page for cases answered outside a controller.</summary>
public sealed class StatusPageRenderer(
    IActionResultExecutor<ViewResult> executor,
    IModelMetadataProvider metadata,
    IStringLocalizer<ThemeStrings> strings,
    SiteChrome chrome)
{
    public Task RenderAsync(HttpContext context, StatusPage page, SiteInfo? site)
    {
        var model = Build(context, page, site);
        var actionContext = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
        var result = new ViewResult
        {
            ViewName = "/Views/Public/Status.cshtml",
            StatusCode = model.StatusCode,
            ViewData = new ViewDataDictionary<StatusViewModel>(metadata, new ModelStateDictionary()) { Model = model },
        };
        if (page is StatusPage.Disabled or StatusPage.Unavailable)
        {
            context.Response.Headers.RetryAfter = page == StatusPage.Disabled ? "3600" : "60";
        }

        return executor.ExecuteAsync(actionContext, result);
    }

    public StatusViewModel Build(HttpContext context, StatusPage page, SiteInfo? site)
    {
        var status = page switch
        {
            StatusPage.UnknownSite or StatusPage.NotFound => StatusCodes.Status404NotFound,
            StatusPage.Disabled or StatusPage.Unavailable => StatusCodes.Status503ServiceUnavailable,
            StatusPage.ReadOnly => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status500InternalServerError,
        };
        var name = site?.Name ?? string.Empty;

        // A disabled site shows its name but none of its pages; an unknown host shows no site at all.
        var siteChrome = site is null || page == StatusPage.Disabled ? null : chrome.For(context, site);
        return new StatusViewModel(status, strings[$"Status_{page}_Title"], strings[$"Status_{page}_Message", name], siteChrome);
    }
}
