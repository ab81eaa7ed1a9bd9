using static Istiod.Net.Tests.Xds.Generation.Routes.SidecarRouteSimulationTests;

namespace Istiod.Net.Tests.Xds.Generation.Gateways;

/// <summary>YAML for the gateway simulation cases: Gateways selecting the ingress, services and bound VirtualServices.</summary>
internal static class GatewayConfigs
{
    public static string Gateway(string name, string servers, string ns = "istio-system", string selector = "{istio: ingressgateway}", string? created = null) => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: {{name}}, namespace: {{ns}}{{(created is null ? "" : $", creationTimestamp: \"{created}\"")}}}
        spec:
          selector: {{selector}}
          servers:
        {{Indent(servers)}}
        """;

    /// <summary>A VirtualService in <paramref name="ns"/> bound to <paramref name="gateways"/>, with the given route sections.</summary>
    public static string Bound(string name, string ns, string hosts, string gateways, string routes, string? created = null) =>
        VirtualService(name, ns, $"hosts: {hosts}\ngateways: {gateways}\n{routes}", created);

    /// <summary>A MESH_INTERNAL service <c>name.ns.svc.cluster.local</c> with v1/v2/v3 endpoints on one port.</summary>
    public static string Svc(string name, string ns = "default", uint port = 9080, string vip = "10.10.0.1", string protocol = "HTTP") =>
        Service(name, ns, port, vip, protocol);

    public static string Subsets(string host, string ns = "default") => $$$"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: {{{host.Split('.')[0]}}}-subsets, namespace: {{{ns}}}}
        spec:
          host: {{{host}}}
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        """;
}
