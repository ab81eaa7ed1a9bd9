using Istiod.Net.Xds.Generation.Routes;

namespace Istiod.Net.Xds.Generation.Envoy;

/// <summary>
/// The generators serving stock Envoy: <c>sidecar</c> for workload sidecars, <c>router</c> for gateways.
/// Both read the proxy's workload (labels select Sidecars, Gateways and sourceLabels matches).
/// </summary>
public static class EnvoyGeneratorSets
{
    public const string SidecarSetName = "sidecar";
    public const string RouterSetName = "router";

    public static GeneratorSet Sidecar() => new(SidecarSetName,
    [
        new SidecarRouteGenerator(),
    ], ProxyViewScope.Workload);

    public static GeneratorSet Router() => new(RouterSetName,
    [
        new GatewayRouteGenerator(),
    ], ProxyViewScope.Workload);
}
