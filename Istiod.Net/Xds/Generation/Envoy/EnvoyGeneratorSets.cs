using Istiod.Net.Xds.Generation.Listeners;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation.Envoy;

/// <summary>
/// The generators serving stock Envoy: <c>sidecar</c> for a workload's proxy, <c>router</c> for a gateway.
/// Both read the proxy's own workload (labels, addresses, identity), so their cache is keyed by it.
/// Authorization filters come from <paramref name="authorization"/> (none until policies are translated).
/// </summary>
public static class EnvoyGeneratorSets
{
    public const string SidecarName = "sidecar";
    public const string RouterName = "router";

    public static GeneratorSet Sidecar(IAuthorizationFilterSource? authorization = null, ILoggerFactory? loggers = null) => new(SidecarName,
    [
        new SidecarListenerGenerator(authorization, loggers?.CreateLogger<SidecarListenerGenerator>()),
    ], ProxyViewScope.Workload);

    public static GeneratorSet Router(IAuthorizationFilterSource? authorization = null, ILoggerFactory? loggers = null) => new(RouterName,
    [
        new GatewayListenerGenerator(authorization, loggers?.CreateLogger<GatewayListenerGenerator>()),
    ], ProxyViewScope.Workload);
}
