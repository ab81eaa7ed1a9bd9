namespace Istiod.Net.Load.Reporting;

/// <summary>
/// Opening the streams. <see cref="Latency"/> runs from a client opening its stream to its first response.
/// </summary>
public sealed record ConnectResult(int Started, int Answered, int Failed, LatencySummary Latency, double RampMs);
