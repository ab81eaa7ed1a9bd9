using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Turns the destinations of a VirtualService TCP or TLS route into weighted clusters. A destination without
/// a port goes to the destination service's only port when it has one, else to the port the connection came
/// in on, as Istio does. Destinations weighted 0 get nothing.
/// </summary>
public static class RouteDestinationTargets
{
    public static IReadOnlyList<WeightedTarget> Of(
        IReadOnlyList<RouteDestination>? destinations, string vsNamespace, uint listenerPort, GenerationContext context, DependencyRecorder read)
    {
        var targets = new List<WeightedTarget>();
        var all = destinations ?? [];
        foreach (var destination in all)
        {
            if (destination.Destination?.Host is not { Length: > 0 } rawHost)
            {
                continue;
            }

            var weight = destination.Weight ?? (all.Count == 1 ? 100 : 0);
            if (weight <= 0 && all.Count > 1)
            {
                continue;
            }

            var host = Hostnames.Resolve(rawHost, vsNamespace, context.Push.DnsDomain);
            var port = destination.Destination.Port?.Number ?? DefaultPort(host, listenerPort, context, read);
            targets.Add(new WeightedTarget(ClusterName.ForOutbound(port, destination.Destination.Subset ?? "", host), (uint)Math.Max(weight, 1)));
        }

        return targets;
    }

    private static uint DefaultPort(string host, uint listenerPort, GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Service(host));
        var service = context.Push.Registry.Find(host, context.Namespace);
        return service?.Ports is { Count: 1 } ports ? ports[0].Number : listenerPort;
    }
}
