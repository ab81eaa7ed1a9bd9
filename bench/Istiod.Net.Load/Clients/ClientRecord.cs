using System.Diagnostics;

namespace Istiod.Net.Load.Clients;

/// <summary>
/// What one client saw, as <see cref="Stopwatch"/> timestamps (0 = not yet). Written by the client's own
/// loop, read by the runner while it runs, hence the volatile accesses.
/// </summary>
public sealed class ClientRecord
{
    private readonly long[] _changeAcked;
    private long _started;
    private long _firstResponse;
    private long _synced;
    private string? _error;

    public ClientRecord(int index, AdsProtocol protocol, IReadOnlyList<string> listeners, int changes)
    {
        Index = index;
        Protocol = protocol;
        Listeners = listeners;
        _changeAcked = new long[changes];
    }

    public int Index { get; }

    public AdsProtocol Protocol { get; }

    /// <summary>The listener names this client subscribes to.</summary>
    public IReadOnlyList<string> Listeners { get; }

    /// <summary>When the stream was opened.</summary>
    public long Started => Volatile.Read(ref _started);

    /// <summary>When the first response arrived.</summary>
    public long FirstResponse => Volatile.Read(ref _firstResponse);

    /// <summary>When the client had ACKed everything it wants, of all four types.</summary>
    public long Synced => Volatile.Read(ref _synced);

    /// <summary>How the stream ended, when it ended before the run stopped it.</summary>
    public string? Error => Volatile.Read(ref _error);

    public bool IsSynced => Synced != 0;

    /// <summary>When the client ACKed the route configuration of change <paramref name="change"/>.</summary>
    public long ChangeAcked(int change) => Volatile.Read(ref _changeAcked[change]);

    internal void MarkStarted() => Volatile.Write(ref _started, Stopwatch.GetTimestamp());

    internal void MarkResponse()
    {
        if (FirstResponse == 0)
        {
            Volatile.Write(ref _firstResponse, Stopwatch.GetTimestamp());
        }
    }

    internal void MarkSynced()
    {
        if (Synced == 0)
        {
            Volatile.Write(ref _synced, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Records the first ACK of the change's new version; false if it was already recorded.</summary>
    internal bool MarkChangeAcked(int change) =>
        Interlocked.CompareExchange(ref _changeAcked[change], Stopwatch.GetTimestamp(), 0) == 0;

    internal void MarkFailed(string error) => Volatile.Write(ref _error, error);
}
