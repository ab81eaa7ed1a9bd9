using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>tcp_proxy network filters: to one cluster, or split by weight between several.</summary>
public static class TcpProxies
{
    public static Filter ToCluster(string statPrefix, string cluster) => Wrap(new TcpProxy { StatPrefix = statPrefix, Cluster = cluster });

    /// <summary>One target goes straight to its cluster; several become weighted_clusters.</summary>
    public static Filter ToClusters(string statPrefix, IReadOnlyList<WeightedTarget> targets)
    {
        if (targets.Count == 1)
        {
            return ToCluster(statPrefix, targets[0].Cluster);
        }

        var weighted = new TcpProxy.Types.WeightedCluster();
        foreach (var target in targets)
        {
            weighted.Clusters.Add(new TcpProxy.Types.WeightedCluster.Types.ClusterWeight { Name = target.Cluster, Weight = target.Weight });
        }

        return Wrap(new TcpProxy { StatPrefix = statPrefix, WeightedClusters = weighted });
    }

    private static Filter Wrap(TcpProxy proxy) => new() { Name = EnvoyFilterNames.TcpProxy, TypedConfig = Any.Pack(proxy) };
}
