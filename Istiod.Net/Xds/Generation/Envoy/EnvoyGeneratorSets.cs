using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Generation.Routes;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation.Envoy;

/// <summary>
/// The generators serving stock Envoy: <c>sidecar</c> for a workload's proxy, <c>router</c> for a gateway.
/// Both read the proxy's own workload (labels, addresses, identity, locality), so their cache is keyed by it.
/// <c>secrets</c> (SDS) is passed in because it needs the CA, which the host owns; authorization filters
/// come from <c>authorization</c> (none when not given).
/// </summary>
public static class EnvoyGeneratorSets
{
    public const string SidecarName = "sidecar";
    public const string RouterName = "router";

    public static GeneratorSet Sidecar(IXdsGenerator? secrets = null, IAuthorizationFilterSource? authorization = null, ILoggerFactory? loggers = null) =>
        new(SidecarName, With(secrets,
        [
            new SidecarListenerGenerator(authorization, loggers?.CreateLogger<SidecarListenerGenerator>()),
            new SidecarRouteGenerator(),
            new EnvoyClusterGenerator(),
            new EnvoyEndpointGenerator(),
        ]), ProxyViewScope.Workload);

    public static GeneratorSet Router(IXdsGenerator? secrets = null, IAuthorizationFilterSource? authorization = null, ILoggerFactory? loggers = null) =>
        new(RouterName, With(secrets,
        [
            new GatewayListenerGenerator(authorization, loggers?.CreateLogger<GatewayListenerGenerator>()),
            new GatewayRouteGenerator(),
            new EnvoyClusterGenerator(),
            new EnvoyEndpointGenerator(),
        ]), ProxyViewScope.Workload);

    private static IEnumerable<IXdsGenerator> With(IXdsGenerator? secrets, IXdsGenerator[] generators) =>
        secrets is null ? generators : generators.Append(secrets);
}
