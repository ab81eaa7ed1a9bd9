namespace Istiod.Net.Xds.Cache;

/// <summary>
/// Generated resources in packed form, shared by every proxy with the same view, kept across push
/// contexts until something they read changes. A thousand identical proxies cost one generation per
/// resource; a change to one host regenerates only what read that host. <typeparamref name="TInput"/> is
/// what generators record as read; the cache stores it and lets the caller judge it.
/// </summary>
public sealed class XdsResourceCache<TInput>
{
    private long _hits;
    private long _misses;
    private CacheGeneration<TInput> _current;

    public XdsResourceCache() => _current = new CacheGeneration<TInput>(0, this, []);

    public CacheGeneration<TInput> Current => Volatile.Read(ref _current);

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that ran a generator.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Starts the generation of push context <paramref name="sequence"/>. Finished entries for which
    /// <paramref name="stillValid"/> holds carry over; a null predicate drops everything.
    /// </summary>
    public CacheGeneration<TInput> Advance(long sequence, Func<CacheKey, IReadOnlySet<TInput>, bool>? stillValid)
    {
        var previous = Current;
        var carried = stillValid is null
            ? []
            : previous.Finished().Where(e => stillValid(e.Key, e.Value.Value!.DependsOn)).ToList();
        var next = new CacheGeneration<TInput>(sequence, this, carried);
        Volatile.Write(ref _current, next);
        return next;
    }

    internal void CountHit() => Interlocked.Increment(ref _hits);

    internal void CountMiss() => Interlocked.Increment(ref _misses);
}
