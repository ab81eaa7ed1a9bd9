namespace Istiod.Net.Xds.Cache;

/// <summary>
/// One slot of the cache: the (possibly still running) generation and when it was last asked for, by the
/// cache's own use counter, so eviction can drop the least recently used entries first.
/// </summary>
internal sealed class CacheEntry<TInput>(Lazy<CachedResource<TInput>?> value, long lastUsed)
{
    private long _lastUsed = lastUsed;

    public Lazy<CachedResource<TInput>?> Value { get; } = value;

    public long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>Finished with a result worth carrying into the next generation.</summary>
    public bool Finished => Value.IsValueCreated && Value.Value is { Keep: true };

    public void Touch(long tick) => Volatile.Write(ref _lastUsed, tick);
}
