using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// One mesh service of the end-to-end tests: its own host (so tests never share routing), the
/// files that define it in the config folder, and the xds:/// target a client dials.
/// </summary>
public sealed record EchoService(string Scenario, E2eClientKind Client, string Name, string Host, int Port, string ServiceFile, string VirtualServiceFile)
{
    public string Target => $"xds:///{Host}:{Port}";

    /// <summary>The name of the API listener and of its route configuration.</summary>
    public string ListenerName => $"{Host}:{Port}";

    public string ClusterName(string subset) => $"outbound|{Port}|{subset}|{Host}";
}
