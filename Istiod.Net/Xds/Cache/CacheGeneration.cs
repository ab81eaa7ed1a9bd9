using System.Collections.Concurrent;

namespace Istiod.Net.Xds.Cache;

/// <summary>
/// The cache for one push context. Generations started on an older context write into that context's
/// generation, never into a newer one, so nothing stale survives a context switch. Holds at most the
/// owner's <see cref="XdsResourceCache{TInput}.Capacity"/> entries: past it the least recently used go.
/// </summary>
public sealed class CacheGeneration<TInput>
{
    private readonly ConcurrentDictionary<CacheKey, CacheEntry<TInput>> _entries;
    private readonly XdsResourceCache<TInput> _owner;

    // ConcurrentDictionary.Count takes every lock; this one is kept by hand (adds and successful removes).
    private int _count;
    private int _trimming;

    internal CacheGeneration(long sequence, XdsResourceCache<TInput> owner, IReadOnlyCollection<KeyValuePair<CacheKey, CacheEntry<TInput>>> carried)
    {
        Sequence = sequence;
        _owner = owner;
        _entries = new ConcurrentDictionary<CacheKey, CacheEntry<TInput>>(carried);
        _count = _entries.Count;
        TrimIfFull();
    }

    /// <summary>The push context sequence this generation belongs to.</summary>
    public long Sequence { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// The cached resource for <paramref name="key"/>, generating it once (concurrent callers wait for the
    /// same generation). A null from <paramref name="generate"/> means it failed, and a result with
    /// <see cref="CachedResource{TInput}.Keep"/> false is only shared with the callers already waiting:
    /// neither stays cached.
    /// </summary>
    public CachedResource<TInput>? GetOrCreate(CacheKey key, Func<CachedResource<TInput>?> generate)
    {
        var tick = _owner.NextTick();
        var created = new CacheEntry<TInput>(new Lazy<CachedResource<TInput>?>(generate, LazyThreadSafetyMode.ExecutionAndPublication), tick);
        var entry = _entries.GetOrAdd(key, created);
        if (ReferenceEquals(entry, created))
        {
            _owner.CountMiss();
            Interlocked.Increment(ref _count);
        }
        else
        {
            _owner.CountHit();
            entry.Touch(tick);
        }

        var value = entry.Value.Value;
        if (value is not { Keep: true })
        {
            Remove(key, entry);
        }
        else if (ReferenceEquals(entry, created))
        {
            TrimIfFull();
        }

        return value;
    }

    /// <summary>Whether <paramref name="key"/> has an entry (finished or being generated).</summary>
    public bool Contains(CacheKey key) => _entries.ContainsKey(key);

    /// <summary>The finished entries, for carrying into the next generation.</summary>
    internal IEnumerable<KeyValuePair<CacheKey, CacheEntry<TInput>>> Finished() => _entries.Where(e => e.Value.Finished);

    private bool Remove(CacheKey key, CacheEntry<TInput> entry)
    {
        if (!_entries.TryRemove(new KeyValuePair<CacheKey, CacheEntry<TInput>>(key, entry)))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>
    /// Past capacity, drops the least recently used entries down to nine tenths of it, so a full cache
    /// sorts once per tenth of its capacity in new entries rather than on every insert. One caller trims at
    /// a time; the others go on (the cache may briefly hold a few more than its capacity).
    /// </summary>
    private void TrimIfFull()
    {
        var capacity = _owner.Capacity;
        if (Count <= capacity || Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }

        try
        {
            var target = capacity - (capacity / 10);
            var excess = Count - target;
            if (excess <= 0)
            {
                return;
            }

            // Unfinished entries are being generated for someone right now: never the ones to drop.
            var oldest = _entries
                .Where(e => e.Value.Value.IsValueCreated)
                .Select(e => (e.Key, e.Value, LastUsed: e.Value.LastUsed))
                .OrderBy(e => e.LastUsed)
                .Take(excess)
                .ToList();
            foreach (var (key, entry, _) in oldest)
            {
                if (Remove(key, entry))
                {
                    _owner.CountEviction();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }
}
