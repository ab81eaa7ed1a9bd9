using Istiod.Net.Push;

namespace Istiod.Net.Xds.Cache;

/// <summary>
/// Generated resources in packed form, shared by every proxy with the same view, kept across push
/// contexts until something they read changes. A thousand identical proxies cost one generation per
/// resource; a change to one host regenerates only what read that host.
/// </summary>
public sealed class XdsResourceCache
{
    private long _hits;
    private long _misses;
    private CacheGeneration _current;

    public XdsResourceCache() => _current = new CacheGeneration(0, this, []);

    public CacheGeneration Current => Volatile.Read(ref _current);

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that ran a generator.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Starts the generation of push context <paramref name="sequence"/>: finished entries whose inputs
    /// <paramref name="changes"/> does not touch (as their view's namespace sees it) carry over.
    /// </summary>
    public CacheGeneration Advance(long sequence, ChangeSet changes)
    {
        var previous = Current;
        var carried = changes.IsEverything
            ? []
            : previous.Finished().Where(e => !changes.TouchesAny(e.Value.Value!.DependsOn, e.Key.Namespace)).ToList();
        var next = new CacheGeneration(sequence, this, carried);
        Volatile.Write(ref _current, next);
        return next;
    }

    internal void CountHit() => Interlocked.Increment(ref _hits);

    internal void CountMiss() => Interlocked.Increment(ref _misses);
}
