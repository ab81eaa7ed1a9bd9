using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;

namespace Istiod.Net.Xds.Generation.Envoy;

/// <summary>
/// The generator sets of stock Envoy: <c>sidecar</c> for workload proxies and <c>router</c> for gateways. Both
/// are scoped to the workload, since Sidecar resources, inbound ports and locality differ per workload.
/// </summary>
public static class EnvoyGeneratorSets
{
    public const string SidecarSet = "sidecar";
    public const string RouterSet = "router";

    public static GeneratorSet Sidecar() => new(SidecarSet,
    [
        new EnvoyClusterGenerator(),
        new EnvoyEndpointGenerator(),
    ], ProxyViewScope.Workload);

    public static GeneratorSet Router() => new(RouterSet,
    [
        new EnvoyClusterGenerator(),
        new EnvoyEndpointGenerator(),
    ], ProxyViewScope.Workload);
}
