namespace Istiod.Net.Load.Reporting;

/// <summary>
/// Reaching full sync: every client has ACKed its listeners, routes, clusters and endpoints.
/// <see cref="Latency"/> is per client, from opening its stream; <see cref="TimeToFullSyncMs"/> runs from the
/// first client's start to the last client's sync, and is <c>null</c> when some never got there.
/// </summary>
public sealed record SyncResult(int Synced, int Expected, LatencySummary Latency, double? TimeToFullSyncMs);
