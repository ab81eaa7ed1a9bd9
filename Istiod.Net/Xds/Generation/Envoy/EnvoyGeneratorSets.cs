using Istiod.Net.Xds.Generation.Routes;

namespace Istiod.Net.Xds.Generation.Envoy;

/// <summary>
/// The generators serving stock Envoy: <c>sidecar</c> for a workload's proxy, <c>router</c> for a gateway.
/// Both read the proxy's own workload (labels, addresses, identity), so their cache is keyed by it.
/// </summary>
public static class EnvoyGeneratorSets
{
    public const string SidecarName = "sidecar";
    public const string RouterName = "router";

    public static GeneratorSet Sidecar() => new(SidecarName,
    [
        new SidecarRouteGenerator(),
    ], ProxyViewScope.Workload);

    public static GeneratorSet Router() => new(RouterName,
    [
        new GatewayRouteGenerator(),
    ], ProxyViewScope.Workload);
}
