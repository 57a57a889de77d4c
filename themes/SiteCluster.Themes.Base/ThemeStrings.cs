namespace SiteCluster.Themes.Base;

/// <summary>Marker for the theme's text resources (<c>Resources/ThemeStrings.resx</c>, zh-CN).</summary>
public sealed class ThemeStrings;
