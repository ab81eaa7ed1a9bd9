namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// A port the workload itself serves, and what it carries. <paramref name="Bind"/> is set when the port is
/// not captured: it then gets a listener of its own on that address instead of chains in virtualInbound.
/// </summary>
public sealed record InboundPort(uint Number, ServiceProtocol Protocol, string? Bind = null);
