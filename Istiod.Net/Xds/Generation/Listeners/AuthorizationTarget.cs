namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Where authorization filters go: the inbound side of a sidecar (a workload port) or a gateway listener
/// port. Outbound sidecar traffic is never authorized here, as in Istio.
/// </summary>
public sealed record AuthorizationTarget(ProxyKind Kind, uint Port);
