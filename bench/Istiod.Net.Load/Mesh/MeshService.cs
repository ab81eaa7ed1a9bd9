namespace Istiod.Net.Load.Mesh;

/// <summary>One service of a mesh the clients subscribe to.</summary>
/// <param name="Host">Fully qualified host, e.g. <c>svc-0007.load-1.svc.cluster.local</c>.</param>
/// <param name="Port">The service port a client dials.</param>
/// <param name="RoutesFile">
/// The VirtualService file a change rewrites; <c>null</c> for services the tool did not generate.
/// </param>
public sealed record MeshService(string Host, int Port, string? RoutesFile)
{
    /// <summary>
    /// What a proxyless gRPC client dialing <c>xds:///host:port</c> asks for: the listener, and the route
    /// configuration of the same name that the listener points to.
    /// </summary>
    public string ListenerName => $"{Host}:{Port}";

    /// <summary>The cluster of one subset, named as Istio names outbound clusters.</summary>
    public string SubsetCluster(string subset) => $"outbound|{Port}|{subset}|{Host}";
}
