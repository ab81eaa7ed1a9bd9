using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;
using Istiod.Net.Xds.Generation.Routes;

namespace Istiod.Net.Xds.Generation.Envoy;

/// <summary>
/// The generators serving stock Envoy: <c>sidecar</c> for a workload's proxy, <c>router</c> for a gateway.
/// Both read the proxy's own workload (labels, addresses, identity, locality), so their cache is keyed by it.
/// <c>secrets</c> (SDS) is passed in because it needs the CA, which the host owns.
/// </summary>
public static class EnvoyGeneratorSets
{
    public const string SidecarName = "sidecar";
    public const string RouterName = "router";

    public static GeneratorSet Sidecar(IXdsGenerator? secrets = null) => new(SidecarName, With(secrets,
    [
        new SidecarRouteGenerator(),
        new EnvoyClusterGenerator(),
        new EnvoyEndpointGenerator(),
    ]), ProxyViewScope.Workload);

    public static GeneratorSet Router(IXdsGenerator? secrets = null) => new(RouterName, With(secrets,
    [
        new GatewayRouteGenerator(),
        new EnvoyClusterGenerator(),
        new EnvoyEndpointGenerator(),
    ]), ProxyViewScope.Workload);

    private static IEnumerable<IXdsGenerator> With(IXdsGenerator? secrets, IXdsGenerator[] generators) =>
        secrets is null ? generators : generators.Append(secrets);
}
