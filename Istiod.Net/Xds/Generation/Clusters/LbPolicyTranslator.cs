using Envoy.Config.Cluster.V3;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// A DestinationRule load balancer as a cluster lb_policy. Consistent hashing is RING_HASH with xxHash
/// (the only hash gRPC accepts, gRFC A42) and at most 8M entries. When the client cannot do least-request
/// (grpc-js-xds 1.14 and gRPC C-core 1.51 reject lb_policy LEAST_REQUEST, failing the whole CDS update),
/// it gets ROUND_ROBIN instead: a cluster that works beats a response that is rejected.
/// </summary>
public static class LbPolicyTranslator
{
    /// <summary>The largest ring gRPC accepts.</summary>
    public const ulong MaxRingSize = 8 * 1024 * 1024;

    public static void Apply(Cluster cluster, LoadBalancerSettings? settings, bool supportsLeastRequest)
    {
        if (settings?.ConsistentHash is { } hash)
        {
            cluster.LbPolicy = Cluster.Types.LbPolicy.RingHash;
            var config = new Cluster.Types.RingHashLbConfig { HashFunction = Cluster.Types.RingHashLbConfig.Types.HashFunction.XxHash };
            if ((hash.RingHash?.MinimumRingSize ?? hash.MinimumRingSize) is { } minimum and > 0)
            {
                config.MinimumRingSize = Math.Min(minimum, MaxRingSize);
            }

            cluster.RingHashLbConfig = config;
            return;
        }

        cluster.LbPolicy = settings?.Simple switch
        {
            SimpleLb.LeastRequest or SimpleLb.LeastConn when supportsLeastRequest => Cluster.Types.LbPolicy.LeastRequest,
            SimpleLb.Random when supportsLeastRequest => Cluster.Types.LbPolicy.Random,
            _ => Cluster.Types.LbPolicy.RoundRobin,
        };
    }
}
