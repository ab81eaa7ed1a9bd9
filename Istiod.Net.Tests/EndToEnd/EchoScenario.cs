namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// A named test situation and the routing its VirtualService starts with. Every scenario gets a
/// service per client kind, written before the control plane starts.
/// </summary>
public sealed record EchoScenario(string Name, Func<string, string> InitialRoutes);
