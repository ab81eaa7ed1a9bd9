namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>One proxy of the real-Envoy world: its bootstrap file (written by <c>istiod-net bootstrap</c>) and admin port.</summary>
public sealed record EnvoyWorldProxy(string Name, string BootstrapFile, int AdminPort, bool Secure, string? Token);
