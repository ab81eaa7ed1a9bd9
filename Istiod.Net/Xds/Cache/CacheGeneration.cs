using System.Collections.Concurrent;

namespace Istiod.Net.Xds.Cache;

/// <summary>
/// The cache for one push context. Generations started on an older context write into that context's
/// generation, never into a newer one, so nothing stale survives a context switch.
/// </summary>
public sealed class CacheGeneration<TInput>
{
    private readonly ConcurrentDictionary<CacheKey, Lazy<CachedResource<TInput>?>> _entries;
    private readonly XdsResourceCache<TInput> _owner;

    internal CacheGeneration(long sequence, XdsResourceCache<TInput> owner, IEnumerable<KeyValuePair<CacheKey, Lazy<CachedResource<TInput>?>>> carried)
    {
        Sequence = sequence;
        _owner = owner;
        _entries = new ConcurrentDictionary<CacheKey, Lazy<CachedResource<TInput>?>>(carried);
    }

    /// <summary>The push context sequence this generation belongs to.</summary>
    public long Sequence { get; }

    public int Count => _entries.Count;

    /// <summary>
    /// The cached resource for <paramref name="key"/>, generating it once (concurrent callers wait for the
    /// same generation). A null from <paramref name="generate"/> means it failed: nothing is cached.
    /// </summary>
    public CachedResource<TInput>? GetOrCreate(CacheKey key, Func<CachedResource<TInput>?> generate)
    {
        var created = new Lazy<CachedResource<TInput>?>(generate, LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = _entries.GetOrAdd(key, created);
        if (ReferenceEquals(entry, created))
        {
            _owner.CountMiss();
        }
        else
        {
            _owner.CountHit();
        }

        var value = entry.Value;
        if (value is null)
        {
            _entries.TryRemove(new KeyValuePair<CacheKey, Lazy<CachedResource<TInput>?>>(key, entry));
        }

        return value;
    }

    /// <summary>The finished entries, for carrying into the next generation.</summary>
    internal IEnumerable<KeyValuePair<CacheKey, Lazy<CachedResource<TInput>?>>> Finished() =>
        _entries.Where(e => e.Value.IsValueCreated && e.Value.Value is not null);
}
