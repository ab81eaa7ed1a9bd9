using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// Everything one proxy of the world received, fetched in Envoy's order (CDS, EDS, LDS, RDS, SDS), with the
/// questions the tests ask of it: which listener and route a request meets, which cluster it goes to, and
/// which endpoints that cluster has.
/// </summary>
public sealed record EnvoyProxyView(
    IReadOnlyList<Listener> Listeners,
    IReadOnlyDictionary<string, RouteConfiguration> Routes,
    IReadOnlyDictionary<string, Cluster> Clusters,
    IReadOnlyDictionary<string, ClusterLoadAssignment> Endpoints,
    IReadOnlyDictionary<string, Secret> Secrets)
{
    /// <param name="whileConnected">Runs after everything is fetched, before the stream closes (for istiod's debug endpoints).</param>
    public static async Task<EnvoyProxyView> FetchAsync(EnvoyWorld world, EnvoyWorldProxy proxy, Func<Task>? whileConnected = null)
    {
        await using var client = EnvoyLikeStreams.Open(world, proxy);
        var clusters = await client.FetchAsync<Cluster>(XdsTypeUrls.Cluster).ConfigureAwait(false);
        var clusterRefs = References(clusters.Select(c => Wrap(c.Name, c)));
        // Envoy subscribes to a type only when something names a resource of it.
        var endpoints = clusterRefs[XdsTypeUrls.Endpoint].Count == 0 ? []
            : await client.FetchAsync<ClusterLoadAssignment>(XdsTypeUrls.Endpoint, [.. clusterRefs[XdsTypeUrls.Endpoint]]).ConfigureAwait(false);
        var listeners = await client.FetchAsync<Listener>(XdsTypeUrls.Listener).ConfigureAwait(false);
        var listenerRefs = References(listeners.Select(l => Wrap(l.Name, l)));
        var routes = listenerRefs[XdsTypeUrls.Route].Count == 0 ? []
            : await client.FetchAsync<RouteConfiguration>(XdsTypeUrls.Route, [.. listenerRefs[XdsTypeUrls.Route]]).ConfigureAwait(false);
        var secretNames = clusterRefs[XdsTypeUrls.Secret].Union(listenerRefs[XdsTypeUrls.Secret]).ToArray();
        var secrets = secretNames.Length == 0 ? [] : await client.FetchAsync<Secret>(XdsTypeUrls.Secret, secretNames).ConfigureAwait(false);
        if (whileConnected is not null)
        {
            await whileConnected().ConfigureAwait(false);
        }

        return new EnvoyProxyView(
            listeners,
            routes.ToDictionary(r => r.Name, StringComparer.Ordinal),
            clusters.ToDictionary(c => c.Name, StringComparer.Ordinal),
            endpoints.ToDictionary(e => e.ClusterName, StringComparer.Ordinal),
            secrets.ToDictionary(s => s.Name, StringComparer.Ordinal));
    }

    /// <summary>The listener a connection to <paramref name="ip"/>:<paramref name="port"/> lands on when the proxy binds it itself (no iptables).</summary>
    public Listener BoundListener(string ip, int port) =>
        Listeners.SingleOrDefault(l => l.Address?.SocketAddress is { } a && a.Address == ip && a.PortValue == port && l.BindToPort != false)
        ?? throw new AssertionException($"no listener binds {ip}:{port}; listeners: {string.Join(", ", Listeners.Select(Describe))}");

    /// <summary>Where an HTTP request entering <paramref name="listener"/> goes: the route decision of its route configuration.</summary>
    public RouteDecision Route(Listener listener, SimulatedRequest request, uint port, bool tls = false)
    {
        var call = tls ? ListenerCall.MeshTls(port) : ListenerCall.Http(port);
        var match = ListenerSimulator.Match(listener, call)
            ?? throw new AssertionException($"listener {listener.Name} has no filter chain for {(tls ? "mesh TLS" : "plaintext HTTP")} on {port}");
        var config = match.InlineRoutes
            ?? (match.RouteConfigName is { } name
                ? Routes.GetValueOrDefault(name) ?? throw new AssertionException($"route configuration {name} was not served")
                : throw new AssertionException($"listener {listener.Name} chain {match.Chain} is not HTTP"));
        return RouteTableSimulator.Decide(config, request);
    }

    /// <summary>"ip:port" of every endpoint Envoy would know for <paramref name="cluster"/> (EDS or inline).</summary>
    public IReadOnlyList<string> EndpointsOf(string cluster)
    {
        var definition = Clusters.GetValueOrDefault(cluster) ?? throw new AssertionException($"cluster {cluster} was not served; clusters: {string.Join(", ", Clusters.Keys)}");
        var assignment = definition.Type == Cluster.Types.DiscoveryType.Eds
            ? Endpoints.GetValueOrDefault(definition.EdsClusterConfig?.ServiceName is { Length: > 0 } service ? service : cluster)
            : definition.LoadAssignment;
        return assignment is null
            ? []
            : assignment.Endpoints.SelectMany(l => l.LbEndpoints)
                .Select(e => e.Endpoint.Address.SocketAddress)
                .Select(a => $"{a.Address}:{a.PortValue}")
                .ToList();
    }

    private static XdsResource Wrap(string name, Google.Protobuf.IMessage message) => new(name, Any.Pack(message), "");

    private static Dictionary<string, HashSet<string>> References(IEnumerable<XdsResource> resources) => ResourceReferences.Collect(resources);

    private static string Describe(Listener l) =>
        $"{l.Name}@{l.Address?.SocketAddress?.Address}:{l.Address?.SocketAddress?.PortValue}{(l.BindToPort == false ? "(no bind)" : "")}";
}
