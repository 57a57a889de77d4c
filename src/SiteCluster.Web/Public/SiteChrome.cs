using Microsoft.Extensions.Localization;
using SiteCluster.Core.Tenancy;
using SiteCluster.Themes.Base;
using SiteCluster.Themes.Base.Models;

namespace SiteCluster.Web.Public;

/// <summary>Turns registry entries into the view models every public page shares.</summary>
public sealed class SiteChrome(IStringLocalizer<ThemeStrings> strings)
{
    public string LevelName(SiteLevel level) => strings[$"Level_{level}"];

    public SiteChromeViewModel For(HttpContext context, SiteInfo site)
    {
        var home = $"{context.Request.PathBase}/";
        var display = DisplayModes.Of(context);
        return new SiteChromeViewModel(
            site.Name,
            LevelName(site.Level),
            home,
            home + "directory",
            site.Organiser,
            site.SiteCode,
            site.IcpNumber,
            site.PublicSecurityNumber,
            site.IsReadOnly,
            new DisplayModeViewModel(
                display.LargeText,
                display.HighContrast,
                DisplayModes.ToggleUrl(context, "large"),
                DisplayModes.ToggleUrl(context, "contrast")));
    }

    public SiteLinkViewModel Link(HttpContext context, SiteInfo site) =>
        new(site.Name, LevelName(site.Level), SiteLinks.HomeUrl(context, site));
}
