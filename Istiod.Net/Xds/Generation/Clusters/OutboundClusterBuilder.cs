using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Generation.Endpoints;
using ServicePort = Istiod.Net.Registry.ServicePort;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// One <c>outbound|port|subset|host</c> cluster for Envoy. The discovery type follows the service's
/// resolution: STATIC (and Kubernetes services) → EDS over ADS; DNS → STRICT_DNS and DNS_ROUND_ROBIN →
/// LOGICAL_DNS, both with the endpoints' names inline; NONE (or loadBalancer PASSTHROUGH) → ORIGINAL_DST.
/// Then the DestinationRule's effective policy for the subset and port, and TLS (see <see cref="UpstreamTls"/>).
/// </summary>
public static class OutboundClusterBuilder
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    public static Cluster Build(
        GenerationContext context, Service service, ServicePort port, string subset, DestinationRuleEntry? rule, DependencyRecorder read)
    {
        var name = ClusterName.ForOutbound(port.Number, subset, service.Hostname);
        var subsetLabels = subset.Length > 0 ? rule?.FindSubset(subset)?.Labels ?? new Dictionary<string, string>() : null;
        var cluster = new Cluster { Name = name };

        var loadBalancer = EffectiveTrafficPolicy.LoadBalancer(rule, subset, port.Number);
        var passthrough = service.Resolution == ServiceEntryResolution.None;
        if (!passthrough)
        {
            passthrough = !EnvoyLoadBalancer.Apply(cluster, loadBalancer);
        }

        if (passthrough)
        {
            cluster.Type = Cluster.Types.DiscoveryType.OriginalDst;
            cluster.LbPolicy = Cluster.Types.LbPolicy.ClusterProvided;
        }
        else if (service.Resolution is ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin)
        {
            read.Add(Dependency.Endpoints(service.Hostname));
            var instances = EnvoyLbEndpoints.Select(context.Push.Registry, service, port.Number, subsetLabels, ipOnly: false).ToList();
            if (service.Resolution == ServiceEntryResolution.DnsRoundRobin && instances.Count > 0)
            {
                // LOGICAL_DNS takes exactly one name and connects to whichever address it resolves to last.
                cluster.Type = Cluster.Types.DiscoveryType.LogicalDns;
                instances = [instances[0]];
            }
            else
            {
                cluster.Type = Cluster.Types.DiscoveryType.StrictDns;
            }

            cluster.DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Only;
            cluster.LoadAssignment = new ClusterLoadAssignment { ClusterName = name };
            foreach (var group in instances.GroupBy(i => i.Locality, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                cluster.LoadAssignment.Endpoints.Add(EnvoyLbEndpoints.Build(
                    new LocalityGroup(group.Key, 0, (uint)Math.Min(group.Sum(i => (long)i.Weight), uint.MaxValue), group.ToList())));
            }
        }
        else
        {
            cluster.Type = Cluster.Types.DiscoveryType.Eds;
            cluster.EdsClusterConfig = new Cluster.Types.EdsClusterConfig
            {
                ServiceName = name,
                EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
            };
        }

        var mesh = context.Push.Mesh;
        var connectTimeout = IstioDuration.TryParse(mesh.ConnectTimeout, out var meshTimeout) && meshTimeout > TimeSpan.Zero
            ? meshTimeout
            : DefaultConnectTimeout;
        ConnectionPoolTranslator.Apply(cluster, EffectiveTrafficPolicy.ConnectionPool(rule, subset, port.Number), port, connectTimeout);
        OutlierDetectionTranslator.Apply(cluster, EffectiveTrafficPolicy.OutlierDetection(rule, subset, port.Number));

        if (!passthrough && EffectiveLocalityLb.DistributeFor(EffectiveLocalityLb.For(mesh, loadBalancer), context.Workload?.Locality ?? "") is not null)
        {
            // EDS then weighs localities; Envoy only honours those weights with this set.
            cluster.CommonLbConfig ??= new Cluster.Types.CommonLbConfig();
            cluster.CommonLbConfig.LocalityWeightedLbConfig = new Cluster.Types.CommonLbConfig.Types.LocalityWeightedLbConfig();
        }

        var autoMtls = mesh.EffectiveAutoMtls && !service.MeshExternal && !passthrough;
        UpstreamTls.Apply(
            cluster,
            EffectiveTrafficPolicy.Tls(rule, subset, port.Number),
            autoMtls,
            ClusterName.MeshSni(port.Number, subset, service.Hostname),
            SpiffeIds(context, service));
        return cluster;
    }

    /// <summary>
    /// The identities the service's endpoints may present (all of them, as Istio does per service, not per subset):
    /// their service accounts as SPIFFE ids. Read without
    /// an Endpoints dependency on purpose: the change detector reports a change of a host's service accounts as
    /// a Service change, so endpoint churn that keeps the identities stays an EDS-only push.
    /// </summary>
    public static IReadOnlyList<string> SpiffeIds(GenerationContext context, Service service) =>
        context.Push.Registry.Instances(service.Key)
            .Select(i => i.ServiceAccount)
            .OfType<string>()
            .Where(sa => sa.Length > 0)
            .Select(sa => sa.StartsWith("spiffe://", StringComparison.Ordinal)
                ? sa
                : $"spiffe://{context.Push.Mesh.EffectiveTrustDomain}/ns/{service.Namespace}/sa/{sa}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
