namespace SiteCluster.Core.Tenancy;

/// <summary>The cluster's sites, held in memory and rebuilt when sites change.</summary>
public interface ISiteRegistry
{
    /// <summary>The current snapshot; never null, empty before the first load.</summary>
    SiteRegistrySnapshot Current { get; }

    /// <summary>Rebuilds the snapshot from the database.</summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);
}
