using System.Collections.Concurrent;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Every open ADS stream of the process (a singleton). The push fan-out walks it; the debug endpoints
/// read snapshots from it.
/// </summary>
public sealed class XdsConnectionRegistry
{
    private readonly ConcurrentDictionary<string, XdsConnection> _connections = new(StringComparer.Ordinal);
    private long _sequence;

    public int Count => _connections.Count;

    /// <summary>The open streams at this moment.</summary>
    public IReadOnlyList<XdsConnection> Connections => _connections.Values.ToArray();

    /// <summary>Status of every open stream, ordered by proxy id then connect time.</summary>
    public IReadOnlyList<XdsConnectionStatus> Snapshot() => _connections.Values
        .Select(connection => connection.Snapshot())
        .OrderBy(status => status.ProxyId, StringComparer.Ordinal)
        .ThenBy(status => status.ConnectedAt)
        .ThenBy(status => status.ConnectionId, StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// What the newest stream of <paramref name="proxyId"/> last sent, per type; null when no stream of
    /// that proxy is open.
    /// </summary>
    public IReadOnlyList<XdsSentResources>? SentResources(string proxyId) => _connections.Values
        .Where(connection => connection.Proxy.Id == proxyId)
        .OrderByDescending(connection => connection.ConnectedAt)
        .FirstOrDefault()
        ?.SentResources();

    /// <summary>A stream id in the style of istiod's: the proxy id and a process-wide counter.</summary>
    internal string NextConnectionId(string proxyId) => $"{proxyId}-{Interlocked.Increment(ref _sequence)}";

    internal void Add(XdsConnection connection) => _connections[connection.ConnectionId] = connection;

    internal void Remove(XdsConnection connection) => _connections.TryRemove(connection.ConnectionId, out _);
}
