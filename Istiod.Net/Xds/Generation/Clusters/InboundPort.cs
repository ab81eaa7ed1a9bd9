namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// A port the proxy's own workload serves: traffic arriving for <paramref name="Port"/> goes to
/// <paramref name="Host"/>:<paramref name="TargetPort"/>, spoken as <paramref name="Protocol"/>.
/// </summary>
public sealed record InboundPort(uint Port, string Protocol, string Host, uint TargetPort);
