namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// What an Istio HTTP match is evaluated against when generating for one proxy: the port the route
/// configuration serves, the proxy's namespace and labels (sourceNamespace, sourceLabels) and the
/// gateways it stands for (<c>mesh</c> for sidecars, <c>namespace/name</c> for gateways).
/// </summary>
public sealed record RouteMatchScope(
    uint Port,
    string ProxyNamespace,
    IReadOnlyDictionary<string, string> ProxyLabels,
    IReadOnlySet<string> Gateways)
{
    /// <summary>
    /// Whether a gateways list written in a VirtualService of <paramref name="virtualServiceNamespace"/>
    /// names one of this scope's gateways; a bare name means the VirtualService's own namespace.
    /// </summary>
    public bool NamesAnyGateway(IEnumerable<string> gateways, string virtualServiceNamespace) =>
        gateways.Any(g => Gateways.Contains(GatewayReference.Resolve(g, virtualServiceNamespace)));
}
