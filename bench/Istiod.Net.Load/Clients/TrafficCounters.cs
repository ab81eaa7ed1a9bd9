using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Load.Clients;

/// <summary>Responses, resources and bytes received by all clients, per type. Thread-safe.</summary>
public sealed class TrafficCounters
{
    private readonly long[] _responses = new long[ClientSubscriptions.FollowOrder.Count];
    private readonly long[] _resources = new long[ClientSubscriptions.FollowOrder.Count];
    private readonly long[] _bytes = new long[ClientSubscriptions.FollowOrder.Count];
    private long _acks;
    private long _unreadable;
    private long _unexpectedType;

    public long Acks => Interlocked.Read(ref _acks);

    /// <summary>Resources that did not parse as their type (a real gRPC client would NACK them).</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>Responses of a type the client never asked for.</summary>
    public long UnexpectedType => Interlocked.Read(ref _unexpectedType);

    public long Responses(string typeUrl) => Interlocked.Read(ref _responses[IndexOf(typeUrl)]);

    public long Resources(string typeUrl) => Interlocked.Read(ref _resources[IndexOf(typeUrl)]);

    public long Bytes(string typeUrl) => Interlocked.Read(ref _bytes[IndexOf(typeUrl)]);

    public long TotalResponses => ClientSubscriptions.FollowOrder.Sum(Responses);

    public long TotalBytes => ClientSubscriptions.FollowOrder.Sum(Bytes);

    internal void CountResponse(string typeUrl, int resources, long bytes)
    {
        var i = IndexOf(typeUrl);
        Interlocked.Increment(ref _responses[i]);
        Interlocked.Add(ref _resources[i], resources);
        Interlocked.Add(ref _bytes[i], bytes);
    }

    internal void CountAck() => Interlocked.Increment(ref _acks);

    internal void CountUnreadable() => Interlocked.Increment(ref _unreadable);

    internal void CountUnexpectedType() => Interlocked.Increment(ref _unexpectedType);

    public static bool IsFollowed(string typeUrl) => Slot(typeUrl) >= 0;

    private static int IndexOf(string typeUrl) =>
        Slot(typeUrl) is var slot and >= 0 ? slot : throw new ArgumentOutOfRangeException(nameof(typeUrl), typeUrl, "not a followed type");

    private static int Slot(string typeUrl) => typeUrl switch
    {
        XdsTypeUrls.Listener => 0,
        XdsTypeUrls.Route => 1,
        XdsTypeUrls.Cluster => 2,
        XdsTypeUrls.Endpoint => 3,
        _ => -1,
    };
}
