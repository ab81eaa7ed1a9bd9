namespace Istiod.Net.Load.Reporting;

/// <summary>
/// One config change: from writing the VirtualService file (t0) to each subscribed client ACKing the route
/// configuration that carries it. <see cref="Missed"/> clients had not ACKed it when the wait ended.
/// </summary>
public sealed record ChangeResult(
    int Index,
    string Route,
    int V1Weight,
    int Expected,
    int Acked,
    int Missed,
    LatencySummary Latency,
    bool TimedOut);
