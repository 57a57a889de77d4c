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
        var (toggleLargeText, toggleContrast) = DisplayModes.ToggleUrls(context);
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
                toggleLargeText,
                toggleContrast),
            Theme(context, site));
    }

    /// <summary>The themes a site can pick; anything else falls back to <c>base</c>.</summary>
    public static readonly IReadOnlyList<string> Themes = ["base", "blue", "green"];

    private static ThemeViewModel Theme(HttpContext context, SiteInfo site)
    {
        var look = site.Look;
        string? Media(Guid? id, string name) => id is { } mediaId ? $"{context.Request.PathBase}/media/{mediaId}/{name}" : null;
        return new ThemeViewModel(
            Themes.Contains(site.Theme) ? site.Theme : "base",
            site.Level.ToString().ToLowerInvariant(),
            look.Color is { } color && SiteAppearance.IsReadableUnderWhiteText(color) ? color : null,
            Media(look.LogoMediaId, "logo"),
            Media(look.BannerMediaId, "banner"));
    }

    public SiteLinkViewModel Link(HttpContext context, SiteInfo site) =>
        new(site.Name, LevelName(site.Level), SiteLinks.HomeUrl(context, site));
}
