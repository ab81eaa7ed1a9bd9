namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>A port the workload itself serves, and what it carries.</summary>
public sealed record InboundPort(uint Number, ServiceProtocol Protocol);
