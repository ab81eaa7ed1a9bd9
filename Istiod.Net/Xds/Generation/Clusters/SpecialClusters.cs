using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Google.Protobuf.WellKnownTypes;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// The fixed clusters every sidecar holds: <c>BlackHoleCluster</c> (a STATIC cluster with no endpoints, so
/// whatever reaches it fails: REGISTRY_ONLY), <c>PassthroughCluster</c> (ORIGINAL_DST: out to wherever the
/// application was connecting, ALLOW_ANY) and <c>InboundPassthroughCluster</c> (ORIGINAL_DST to the workload
/// for ports no inbound listener claims, bound to 127.0.0.6 so that, as with Istio's iptables rules, the
/// connection is recognised as the proxy's own and not captured again).
/// </summary>
public static class SpecialClusters
{
    public const string InboundPassthroughBindAddress = "127.0.0.6";

    public static Cluster BlackHole(TimeSpan connectTimeout) => new()
    {
        Name = ClusterName.BlackHole,
        Type = Cluster.Types.DiscoveryType.Static,
        ConnectTimeout = Duration.FromTimeSpan(connectTimeout),
        LoadAssignment = new ClusterLoadAssignment { ClusterName = ClusterName.BlackHole },
    };

    public static Cluster Passthrough(TimeSpan connectTimeout) => OriginalDestination(ClusterName.Passthrough, connectTimeout);

    public static Cluster InboundPassthrough(TimeSpan connectTimeout)
    {
        var cluster = OriginalDestination(ClusterName.InboundPassthrough, connectTimeout);
        cluster.UpstreamBindConfig = new BindConfig
        {
            SourceAddress = new SocketAddress { Address = InboundPassthroughBindAddress, PortValue = 0 },
        };
        return cluster;
    }

    private static Cluster OriginalDestination(string name, TimeSpan connectTimeout)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.OriginalDst,
            LbPolicy = Cluster.Types.LbPolicy.ClusterProvided,
            ConnectTimeout = Duration.FromTimeSpan(connectTimeout),
            CircuitBreakers = new CircuitBreakers
            {
                Thresholds =
                {
                    new CircuitBreakers.Types.Thresholds
                    {
                        MaxConnections = uint.MaxValue, MaxPendingRequests = uint.MaxValue,
                        MaxRequests = uint.MaxValue, MaxRetries = uint.MaxValue, TrackRemaining = true,
                    },
                },
            },
        };
        cluster.TypedExtensionProtocolOptions[ConnectionPoolTranslator.HttpProtocolOptionsKey] =
            Any.Pack(ConnectionPoolTranslator.DownstreamProtocol());
        return cluster;
    }
}
