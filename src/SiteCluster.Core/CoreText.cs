using System.Globalization;
using System.Resources;

namespace SiteCluster.Core;

/// <summary>
/// The texts the core shows to people (content problems, workflow refusals, version notes),
/// from <c>Resources/CoreStrings.resx</c> (zh-CN, the default) and its translations
/// (<c>CoreStrings.en.resx</c>), in the current UI culture. Static, so value checks that
/// have no services can use it too.
/// </summary>
public static class CoreText
{
    private static readonly ResourceManager Resources = new("SiteCluster.Core.Resources.CoreStrings", typeof(CoreText).Assembly);

    /// <summary>The text named <paramref name="name"/>; the name itself when none exists, so a missing text shows, not throws.</summary>
    public static string Get(string name) => Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name;

    public static string Format(string name, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(name), args);

    /// <summary>A text of a published document (an annual report): always the default (Chinese) one, whatever the reader's language.</summary>
    public static string Document(string name, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Resources.GetString(name, CultureInfo.InvariantCulture) ?? name, args);
}
