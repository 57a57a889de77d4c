namespace SiteCluster.Web.Admin;

/// <summary>Marks the admin's pages: served on the admin host only, with the site taken from the route, never from the host.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdminEndpointAttribute : Attribute;
