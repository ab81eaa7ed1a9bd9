namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// A named test situation and the routing its VirtualService starts with. Every scenario gets a
/// service per client kind, written before the control plane starts. <paramref name="TrafficPolicy"/>
/// is the DestinationRule's `trafficPolicy:` section (YAML indented to sit under `spec:`), and
/// <paramref name="Endpoints"/> names the backends serving it (all of them when null).
/// </summary>
public sealed record EchoScenario(string Name, Func<string, string> InitialRoutes, string? TrafficPolicy = null, IReadOnlyList<string>? Endpoints = null);
