using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SiteCluster.Web.Localization;

/// <summary>
/// The resource-file localizers with each looked-up string kept per UI culture. A page asks
/// for dozens of strings, and every lookup through <see cref="System.Resources.ResourceManager"/>
/// takes a process-wide lock, which concurrent requests queue on; resource files do not change
/// while the process runs, so a string once read is read from here.
/// </summary>
internal sealed class CachingStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _byType = new();
    private readonly ConcurrentDictionary<(string BaseName, string Location), IStringLocalizer> _byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd(resourceSource, static (type, factory) => new CachingStringLocalizer(factory.Create(type)), inner);

    public IStringLocalizer Create(string baseName, string location) =>
        _byName.GetOrAdd((baseName, location), static (key, factory) => new CachingStringLocalizer(factory.Create(key.BaseName, key.Location)), inner);
}

/// <summary>One resource file's strings, each kept per UI culture after its first lookup.</summary>
internal sealed class CachingStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    // Names come from code, so the set is small; the bound only guards against a caller that
    // builds names from input.
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _strings = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_strings.TryGetValue(key, out var found))
            {
                return found;
            }

            var value = inner[name];
            if (_strings.Count < MaxEntries)
            {
                _strings.TryAdd(key, value);
            }

            return value;
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            var value = string.Format(CultureInfo.CurrentCulture, format.Value, arguments);
            return new LocalizedString(name, value, format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
