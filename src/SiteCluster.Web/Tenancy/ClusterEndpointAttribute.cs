namespace SiteCluster.Web.Tenancy;

/// <summary>
/// Marks an endpoint that belongs to the cluster, not to one site (health, the site list
/// API): it answers on any host and needs no resolved site.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ClusterEndpointAttribute : Attribute;
