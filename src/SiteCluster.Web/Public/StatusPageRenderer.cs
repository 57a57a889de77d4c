using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.IO;
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
/// Renders a theme view for a request outside a controller (status pages, article pages) with
/// MVC's view engine, into a <see cref="Utf8PageWriter"/> on a pooled buffer: the page is
/// encoded once and sent when it is complete. An article's body goes in as the UTF-8 the
/// database holds (<see cref="Utf8Html"/>).
/// </summary>
public sealed class PublicViews(ICompositeViewEngine engine, ITempDataDictionaryFactory tempData, IModelMetadataProvider metadata, IOptions<MvcViewOptions> options, RecyclableMemoryStreamManager buffers)
{
    // Views rendered here have no action; the view engine reads only its (empty) route values.
    private static readonly ActionDescriptor NoAction = new();

    public async Task RenderAsync<TModel>(HttpContext context, string viewName, TModel model, int? statusCode = null, Action<ViewDataDictionary>? viewData = null)
    {
        var data = new ViewDataDictionary<TModel>(metadata, new ModelStateDictionary()) { Model = model };
        viewData?.Invoke(data);
        var view = engine.GetView(executingFilePath: null, viewName, isMainPage: true).EnsureSuccessful(originalLocations: null).View!;
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        if (statusCode is { } status)
        {
            response.StatusCode = status;
        }

        await using var page = buffers.GetStream("public page");
        var writer = new Utf8PageWriter(page);
        var viewContext = new ViewContext(new ActionContext(context, context.GetRouteData(), NoAction), view, data, tempData.GetTempData(context), writer, options.Value.HtmlHelperOptions);
        await view.RenderAsync(viewContext);
        writer.Complete();
        response.ContentLength = page.Length;
        foreach (var segment in page.GetReadOnlySequence())
        {
            await response.Body.WriteAsync(segment, context.RequestAborted);
        }
    }
}
