using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// One ADS stream as the rest of the process sees it: who is connected, a mailbox for pushes, and the
/// status its stream loop publishes. The loop owns the protocol state; this type only carries immutable
/// copies of it across threads, so the debug endpoints and the push fan-out never touch the loop's state.
/// </summary>
public sealed class XdsConnection
{
    private readonly Lock _pushGate = new();
    private readonly Channel<bool> _pushSignal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentDictionary<string, XdsTypeStatus> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, XdsSentResources> _sent = new(StringComparer.Ordinal);
    private XdsPush? _pendingPush;

    internal XdsConnection(
        string connectionId,
        IXdsProxy proxy,
        XdsConnectionInfo info,
        XdsStreamProtocol protocol,
        DateTimeOffset connectedAt)
    {
        ConnectionId = connectionId;
        Proxy = proxy;
        Info = info;
        Protocol = protocol;
        ConnectedAt = connectedAt;
    }

    /// <summary>Unique per stream (several streams of one proxy, or on one HTTP/2 connection, differ).</summary>
    public string ConnectionId { get; }

    public IXdsProxy Proxy { get; }

    public XdsConnectionInfo Info { get; }

    public XdsStreamProtocol Protocol { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Completes a read whenever a push is waiting; at most one signal is buffered.</summary>
    internal ChannelReader<bool> PushSignals => _pushSignal.Reader;

    /// <summary>
    /// Queues a push without waiting for the stream. While one push is being processed, later ones merge into
    /// a single pending push, so a slow client gets the newest state once instead of every step in between.
    /// </summary>
    internal void EnqueuePush(XdsPush push)
    {
        lock (_pushGate)
        {
            _pendingPush = _pendingPush is null ? push : Merge(_pendingPush, push);
        }

        _pushSignal.Writer.TryWrite(true);
    }

    /// <summary>Takes the merged pending push, if any.</summary>
    internal XdsPush? TakePush()
    {
        lock (_pushGate)
        {
            var push = _pendingPush;
            _pendingPush = null;
            return push;
        }
    }

    internal void Publish(string typeUrl, XdsTypeStatus status, XdsSentResources? sent)
    {
        // Resources first: whoever sees the new status also sees what it describes.
        if (sent is not null)
        {
            _sent[typeUrl] = sent;
        }

        _types[typeUrl] = status;
    }

    public XdsConnectionStatus Snapshot() => new(
        Proxy.Id,
        ConnectionId,
        Protocol,
        ConnectedAt,
        Info.RemoteEndPoint?.ToString(),
        new SortedDictionary<string, XdsTypeStatus>(_types, StringComparer.Ordinal));

    /// <summary>The resources last sent per type, in push order.</summary>
    public IReadOnlyList<XdsSentResources> SentResources() =>
        XdsTypeOrder.Sort(_sent.Keys).Select(type => _sent[type]).ToArray();

    private static XdsPush Merge(XdsPush older, XdsPush newer)
    {
        IReadOnlySet<string>? types = older.Types is null || newer.Types is null
            ? null
            : new HashSet<string>(older.Types.Concat(newer.Types), StringComparer.Ordinal);
        var reason = older.Reason == newer.Reason ? newer.Reason : $"{older.Reason}; {newer.Reason}";

        // Whom it affects was decided at fan-out; the merged push is already addressed to this stream.
        // Waiting and converging both count from the older push: its change is only now delivered.
        return new XdsPush(newer.Version, reason, types)
        {
            TriggeredAt = Earliest(older.TriggeredAt, newer.TriggeredAt),
            EnqueuedAt = Earliest(older.EnqueuedAt, newer.EnqueuedAt),
        };
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
