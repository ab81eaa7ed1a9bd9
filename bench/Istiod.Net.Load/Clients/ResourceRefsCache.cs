using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Load.Clients;

/// <summary>
/// Shares what clients read from identical resource bytes: a thousand clients receive the same listener a
/// thousand times, and parsing it once keeps the load tool's CPU for the server it shares the machine with.
/// </summary>
public sealed class ResourceRefsCache
{
    // Beyond this many distinct resources the cache starts over rather than grow without bound.
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ByteString, ResourceRefs>> _byType = new(StringComparer.Ordinal);
    private int _count;

    /// <exception cref="InvalidProtocolBufferException">The resource does not parse as <paramref name="typeUrl"/>.</exception>
    public ResourceRefs Get(string typeUrl, Any resource)
    {
        var cache = _byType.GetOrAdd(typeUrl, _ => new ConcurrentDictionary<ByteString, ResourceRefs>());
        if (cache.TryGetValue(resource.Value, out var known))
        {
            return known;
        }

        var refs = ResourceReader.Read(typeUrl, resource);
        if (Interlocked.Increment(ref _count) > MaxEntries)
        {
            foreach (var perType in _byType.Values)
            {
                perType.Clear();
            }

            Interlocked.Exchange(ref _count, 0);
        }

        cache.TryAdd(resource.Value, refs);
        return refs;
    }
}
