using System.Collections.Concurrent;
using System.Net;
using Istiod.Net.Push;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// One connected client as generation sees it: identity from the node id and metadata, the generator
/// set serving it, and what its latest generations read (to decide whether a change concerns it).
/// </summary>
public sealed class Proxy : IXdsProxy
{
    private readonly ConcurrentDictionary<string, IReadOnlySet<Dependency>> _watches = new(StringComparer.Ordinal);
    private int _generating;

    public required string Id { get; init; }
    public required ProxyKind Kind { get; init; }
    public required IReadOnlyList<IPAddress> IpAddresses { get; init; }

    /// <summary>The third node id field before the namespace: usually the pod name.</summary>
    public required string WorkloadName { get; init; }

    public required string Namespace { get; init; }
    public required string DnsDomain { get; init; }
    public required ProxyMetadata Metadata { get; init; }

    /// <summary>The proxy's own workload as generation sees it.</summary>
    public required ProxyWorkload Workload { get; init; }
    public required string ConnectionId { get; init; }

    /// <summary>A gRPC library rather than Envoy (metadata GENERATOR "grpc").</summary>
    public bool IsProxyless => string.Equals(Metadata.Generator, "grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Set when the provider accepts the connection.</summary>
    public GeneratorSet Generators { get; internal set; } = GeneratorSet.Empty;

    public ProxyView View => Generators.Scope == ProxyViewScope.Workload
        ? new(Namespace, Generators.Name, Workload)
        : new(Namespace, Generators.Name);

    /// <summary>
    /// Whether a change may alter what this proxy holds: a generation is running (it may have read the old
    /// context), or a type it fetched read something the change touches.
    /// </summary>
    public bool IsAffectedBy(ChangeSet changes, IReadOnlySet<string>? types)
    {
        if (changes.IsEverything)
        {
            return true;
        }

        if (!changes.IsVisibleTo(Namespace))
        {
            return false;
        }

        if (Volatile.Read(ref _generating) > 0)
        {
            return true;
        }

        foreach (var (typeUrl, dependencies) in _watches)
        {
            if ((types is null || types.Contains(typeUrl)) && changes.TouchesAny(dependencies, Namespace))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Of <paramref name="types"/>, those this proxy must fetch again: the ones whose latest generation read
    /// something the change touches, or all of them while a generation runs (null).
    /// </summary>
    public IReadOnlySet<string>? TypesAffectedBy(ChangeSet changes, IReadOnlySet<string> types)
    {
        if (changes.IsEverything || Volatile.Read(ref _generating) > 0)
        {
            return null;
        }

        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var typeUrl in types)
        {
            // A type never generated for this proxy holds nothing stale: its first request generates it afresh.
            if (_watches.TryGetValue(typeUrl, out var dependencies) && changes.TouchesAny(dependencies, Namespace))
            {
                affected.Add(typeUrl);
            }
        }

        return affected;
    }

    /// <summary>What the latest generation of <paramref name="typeUrl"/> read, for debugging.</summary>
    public IReadOnlySet<Dependency>? WatchOf(string typeUrl) => _watches.GetValueOrDefault(typeUrl);

    internal void BeginGeneration() => Interlocked.Increment(ref _generating);

    internal void EndGeneration(string typeUrl, IReadOnlySet<Dependency> readSet)
    {
        _watches[typeUrl] = readSet;
        Interlocked.Decrement(ref _generating);
    }

    internal void AbortGeneration() => Interlocked.Decrement(ref _generating);

    public override string ToString() => $"{Id} ({View})";
}
