using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Istiod.Net.Config.Model;
using EnvoyPercent = Envoy.Type.V3.Percent;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// A DestinationRule loadBalancer as Envoy cluster settings: simple policies, consistent hashing as a ring
/// (Istio's default, minimum ring size 1024 unless set) or Maglev, and warmup as slow start (Envoy has slow
/// start for round robin and least request only). The hash key itself is per route (RDS).
/// </summary>
public static class EnvoyLoadBalancer
{
    public const ulong DefaultMinimumRingSize = 1024;
    public const string AggressionRuntimeKey = "upstream.slow_start.aggression";

    /// <summary>Applies <paramref name="settings"/>; returns false for PASSTHROUGH, which needs an ORIGINAL_DST cluster.</summary>
    public static bool Apply(Cluster cluster, LoadBalancerSettings? settings)
    {
        if (settings?.ConsistentHash is { } hash)
        {
            if (hash.Maglev is { } maglev)
            {
                cluster.LbPolicy = Cluster.Types.LbPolicy.Maglev;
                cluster.MaglevLbConfig = new Cluster.Types.MaglevLbConfig();
                if (maglev.TableSize is > 0 and var size)
                {
                    cluster.MaglevLbConfig.TableSize = size;
                }
            }
            else
            {
                cluster.LbPolicy = Cluster.Types.LbPolicy.RingHash;
                cluster.RingHashLbConfig = new Cluster.Types.RingHashLbConfig
                {
                    MinimumRingSize = (hash.RingHash?.MinimumRingSize ?? hash.MinimumRingSize) is > 0 and var minimum
                        ? minimum
                        : DefaultMinimumRingSize,
                };
            }

            return true;
        }

        switch (settings?.Simple)
        {
            case SimpleLb.Passthrough:
                return false;
            case SimpleLb.LeastRequest or SimpleLb.LeastConn:
                cluster.LbPolicy = Cluster.Types.LbPolicy.LeastRequest;
                if (SlowStart(settings) is { } leastSlow)
                {
                    cluster.LeastRequestLbConfig = new Cluster.Types.LeastRequestLbConfig { SlowStartConfig = leastSlow };
                }

                return true;
            case SimpleLb.Random:
                cluster.LbPolicy = Cluster.Types.LbPolicy.Random;
                return true;
            default:
                cluster.LbPolicy = Cluster.Types.LbPolicy.RoundRobin;
                if (SlowStart(settings) is { } roundSlow)
                {
                    cluster.RoundRobinLbConfig = new Cluster.Types.RoundRobinLbConfig { SlowStartConfig = roundSlow };
                }

                return true;
        }
    }

    private static Cluster.Types.SlowStartConfig? SlowStart(LoadBalancerSettings? settings)
    {
        var window = settings?.Warmup?.Duration ?? settings?.WarmupDurationSecs;
        if (IstioDuration.ToProto(window) is not { } duration)
        {
            return null;
        }

        var config = new Cluster.Types.SlowStartConfig { SlowStartWindow = duration };
        if (settings?.Warmup?.Aggression is { } aggression)
        {
            config.Aggression = new RuntimeDouble { DefaultValue = aggression, RuntimeKey = AggressionRuntimeKey };
        }

        if (settings?.Warmup?.MinimumPercent is { } minimum)
        {
            config.MinWeightPercent = new EnvoyPercent { Value = minimum };
        }

        return config;
    }
}
