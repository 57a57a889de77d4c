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
    PublicViews views,
    IStringLocalizer<ThemeStrings> strings,
    SiteChrome chrome)
{
    public Task RenderAsync(HttpContext context, StatusPage page, SiteInfo? site)
    {
        var model = Build(context, page, site);
        if (page is StatusPage.Disabled or StatusPage.Unavailable)
        {
            context.Response.Headers.RetryAfter = page == StatusPage.Disabled ? "3600" : "60";
        }

        return views.RenderAsync(context, "/Views/Public/Status.cshtml", model, model.StatusCode);
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

/// <summary>
/// Renders a theme view for a request outside a controller (status pages, article pages), with
/// the executor MVC itself uses for a view result: same view engine, layout, encoding and buffers.
/// </summary>
public sealed class PublicViews(IActionResultExecutor<ViewResult> executor, IModelMetadataProvider metadata)
{
    public Task RenderAsync<TModel>(HttpContext context, string viewName, TModel model, int? statusCode = null, Action<ViewDataDictionary>? viewData = null)
    {
        var data = new ViewDataDictionary<TModel>(metadata, new ModelStateDictionary()) { Model = model };
        viewData?.Invoke(data);
        var actionContext = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
        return executor.ExecuteAsync(actionContext, new ViewResult { ViewName = viewName, StatusCode = statusCode, ViewData = data });
    }
}
