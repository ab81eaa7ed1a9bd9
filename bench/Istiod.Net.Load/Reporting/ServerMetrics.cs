namespace Istiod.Net.Load.Reporting;

/// <summary>
/// What the server reported on its monitoring port (<c>/metrics</c>); a value is <c>null</c> when the
/// series was absent. Series with labels are summed.
/// </summary>
public sealed record ServerMetrics(
    double? ResidentMemoryBytes,
    double? GcHeapBytes,
    double? CpuSeconds,
    double? ConnectedClients,
    double? Pushes,
    double? Rejects)
{
    /// <summary>Set instead of the values when the scrape failed.</summary>
    public string? Error { get; init; }
}
