namespace SiteCluster.Web;

/// <summary>Marker for the admin's text resources (<c>Resources/AdminStrings.resx</c>, zh-CN).</summary>
public sealed class AdminStrings;
