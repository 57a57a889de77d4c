namespace SiteCluster.Core.Tenancy;

/// <summary>
/// An immutable map of every site by id, slug and host name. Lookups are O(1); a change
/// builds a new snapshot and swaps it in.
/// </summary>
public sealed class SiteRegistrySnapshot
{
    private readonly Dictionary<Guid, SiteInfo> _byId;
    private readonly Dictionary<string, SiteInfo> _bySlug;
    private readonly Dictionary<string, SiteInfo> _byHost;
    private readonly ILookup<Guid?, SiteInfo> _byParent;

    public static SiteRegistrySnapshot Empty { get; } = new([]);

    public SiteRegistrySnapshot(IEnumerable<SiteInfo> sites)
    {
        All = [.. sites.OrderBy(s => s.Level).ThenBy(s => s.SortOrder).ThenBy(s => s.Slug, StringComparer.Ordinal)];
        _byId = All.ToDictionary(s => s.Id);
        _bySlug = All.ToDictionary(s => s.Slug, StringComparer.OrdinalIgnoreCase);
        _byHost = new Dictionary<string, SiteInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in All)
        {
            foreach (var host in site.Hosts)
            {
                _byHost[host] = site;
            }
        }

        _byParent = All.ToLookup(s => s.ParentId);
    }

    public IReadOnlyList<SiteInfo> All { get; }

    public SiteInfo? FindById(Guid id) => _byId.GetValueOrDefault(id);

    public SiteInfo? FindBySlug(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>Finds the site for a host name; any port is ignored, case does not matter.</summary>
    public SiteInfo? FindByHost(string host) => _byHost.GetValueOrDefault(StripPort(host));

    public IEnumerable<SiteInfo> ChildrenOf(Guid? parentId) => _byParent[parentId];

    /// <summary>Every site below <paramref name="site"/>, in directory order.</summary>
    public IEnumerable<SiteInfo> DescendantsOf(SiteInfo site) => ChildrenOf(site.Id).SelectMany(c => DescendantsOf(c).Prepend(c));

    /// <summary>The site and its ancestors, nearest first.</summary>
    public IEnumerable<SiteInfo> AncestorsOf(SiteInfo site)
    {
        var current = site.ParentId is { } parentId ? FindById(parentId) : null;
        while (current is not null)
        {
            yield return current;
            current = current.ParentId is { } next ? FindById(next) : null;
        }
    }

    public static string StripPort(string host)
    {
        var value = host.Trim();
        if (value.StartsWith('['))
        {
            var end = value.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? value[..(end + 1)] : value;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? value[..colon] : value;
    }
}
