namespace Istiod.Net.Xds.Cache;

/// <summary>
/// Generated resources in packed form, shared by every proxy with the same view, kept across push
/// contexts until something they read changes. A thousand identical proxies cost one generation per
/// resource; a change to one host regenerates only what read that host. <typeparamref name="TInput"/> is
/// what generators record as read; the cache stores it and lets the caller judge it.
/// The cache is bounded: at most <see cref="Capacity"/> entries, the least recently used evicted first,
/// because its keys (names, namespaces, workloads) come from what clients ask for.
/// </summary>
public sealed class XdsResourceCache<TInput>
{
    /// <summary>
    /// istiod's default (PILOT_XDS_CACHE_SIZE): room for every cluster, endpoint, listener and route of a
    /// few thousand services in a few dozen namespace views.
    /// </summary>
    public const int DefaultCapacity = 60_000;

    private long _hits;
    private long _misses;
    private long _evictions;
    private long _ticks;
    private CacheGeneration<TInput> _current;

    public XdsResourceCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _current = new CacheGeneration<TInput>(0, this, []);
    }

    public int Capacity { get; }

    public CacheGeneration<TInput> Current => Volatile.Read(ref _current);

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that ran a generator.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries dropped because the cache was full.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>
    /// Starts the generation of push context <paramref name="sequence"/>. Finished entries for which
    /// <paramref name="stillValid"/> holds carry over; a null predicate drops everything.
    /// </summary>
    public CacheGeneration<TInput> Advance(long sequence, Func<CacheKey, IReadOnlySet<TInput>, bool>? stillValid)
    {
        var previous = Current;
        var carried = stillValid is null
            ? []
            : previous.Finished().Where(e => stillValid(e.Key, e.Value.Value.Value!.DependsOn)).ToList();
        var next = new CacheGeneration<TInput>(sequence, this, carried);
        Volatile.Write(ref _current, next);
        return next;
    }

    internal long NextTick() => Interlocked.Increment(ref _ticks);

    internal void CountHit() => Interlocked.Increment(ref _hits);

    internal void CountMiss() => Interlocked.Increment(ref _misses);

    internal void CountEviction() => Interlocked.Increment(ref _evictions);
}
