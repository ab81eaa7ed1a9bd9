using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// Turns VirtualService destinations into cluster names for one proxy and one listener port, recording the
/// services and DestinationRules read. A destination without a port takes the service's only port, or
/// else the port the route configuration serves.
/// </summary>
public sealed class RouteDestinationResolver(GenerationContext context, DependencyRecorder read, uint listenerPort)
{
    public uint ListenerPort => listenerPort;

    public ResolvedDestination Resolve(Destination destination, string hostNamespace)
    {
        var host = Hostnames.Resolve(destination.Host ?? "", hostNamespace, context.Push.DnsDomain);
        read.Add(Dependency.Service(host));
        var port = destination.Port?.Number is > 0 and var explicitPort
            ? explicitPort
            : context.Push.Registry.Find(host, context.Namespace) is { Ports.Count: 1 } single
                ? single.Ports[0].Number
                : listenerPort;
        var subset = destination.Subset ?? "";
        return new ResolvedDestination(ClusterName.ForOutbound(port, subset, host), host, subset, port);
    }

    /// <summary>The hash policies of the DestinationRule for a destination's host, subset and port.</summary>
    public IEnumerable<RouteAction.Types.HashPolicy> HashPolicies(ResolvedDestination destination)
    {
        read.Add(Dependency.DestinationRule(destination.Host));
        var rule = context.Push.DestinationRules.ForHost(destination.Host, context.Namespace);
        return EnvoyHashPolicyTranslator.Translate(EffectiveTrafficPolicy.LoadBalancer(rule, destination.Subset, destination.Port));
    }
}
