using System.Collections.Concurrent;

namespace SiteCluster.Core.Data;

/// <summary>
/// Data the public pages read on every request and that changes rarely (a site's columns, the
/// content types), kept in memory until a committed change invalidates it. A value read while an
/// invalidation happened is not kept, so a reader can never put back what a change replaced.
/// </summary>
public sealed class ReadCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new();
    private long _generation;

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> load)
    {
        if (_values.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var value = await load();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _values[key] = value;
        }

        return value;
    }

    public void Invalidate(TKey key)
    {
        Interlocked.Increment(ref _generation);
        _values.TryRemove(key, out _);
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _values.Clear();
    }
}

/// <summary>The caches a committed <see cref="PublicChange"/> invalidates in this process.</summary>
public sealed class PublicReadCaches
{
    public ReadCache<Guid, object> Columns { get; } = new();

    public ReadCache<string, object> ContentTypes { get; } = new();

    public void Invalidate(PublicChange change)
    {
        if (change.Everywhere)
        {
            Columns.InvalidateAll();
            ContentTypes.InvalidateAll();
            return;
        }

        foreach (var site in change.Sites)
        {
            Columns.Invalidate(site);
        }
    }
}
