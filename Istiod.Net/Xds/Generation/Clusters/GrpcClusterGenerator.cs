using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Security.PeerAuthentication;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// Outbound clusters for proxyless gRPC: <c>outbound|port|subset|host</c> for every service port and
/// every DestinationRule subset, always of type EDS over ADS (gRPC has no STRICT_DNS or STATIC clusters),
/// with the load balancer, request limit and outlier detection the DestinationRule sets for that subset
/// and port, and TLS when the rule or auto mTLS asks for it (<see cref="GrpcClusterTls"/>).
/// </summary>
public sealed class GrpcClusterGenerator : IXdsGenerator
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    public string TypeUrl => XdsTypeUrls.Cluster;

    /// <summary>Nothing of the workload: every proxyless client of a namespace shares these.</summary>
    public WorkloadFacets WorkloadFacetsFor(string name) => WorkloadFacets.None;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind> { DependencyKind.Service, DependencyKind.DestinationRule, DependencyKind.Endpoints, DependencyKind.ConfigKind };

    public IReadOnlySet<string> ReadsConfigKinds { get; } = new HashSet<string>(StringComparer.Ordinal) { PeerAuthenticationResolver.Kind };

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Service(Dependency.AnyHost));
        read.Add(Dependency.DestinationRule(Dependency.AnyHost));
        foreach (var service in context.Push.Registry.VisibleTo(context.Namespace).Where(s => !Hostnames.IsWildcard(s.Hostname)))
        {
            var subsets = context.Push.DestinationRules.ForHost(service.Hostname, context.Namespace)?.Spec.Subsets ?? [];
            foreach (var port in service.Ports)
            {
                yield return ClusterName.ForOutbound(port.Number, "", service.Hostname);
                foreach (var subset in subsets)
                {
                    if (subset.Name is { Length: > 0 } subsetName)
                    {
                        yield return ClusterName.ForOutbound(port.Number, subsetName, service.Hostname);
                    }
                }
            }
        }
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        if (!ClusterName.TryParse(name, out var parsed) || parsed!.Direction != ClusterName.Outbound)
        {
            return null;
        }

        read.Add(Dependency.Service(parsed.Host));
        var service = context.Push.Registry.Find(parsed.Host, context.Namespace);
        if (service?.PortByNumber(parsed.Port) is null)
        {
            return null;
        }

        read.Add(Dependency.DestinationRule(parsed.Host));
        var rule = context.Push.DestinationRules.ForHost(parsed.Host, context.Namespace);
        if (parsed.Subset.Length > 0 && rule?.FindSubset(parsed.Subset) is null)
        {
            return null;
        }

        var pool = EffectiveTrafficPolicy.ConnectionPool(rule, parsed.Subset, parsed.Port);
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig
            {
                ServiceName = name,
                EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
            },
            ConnectTimeout = Duration.FromTimeSpan(
                IstioDuration.TryParse(pool?.Tcp?.ConnectTimeout, out var connect) ? connect : DefaultConnectTimeout),
        };
        LbPolicyTranslator.Apply(cluster, EffectiveTrafficPolicy.LoadBalancer(rule, parsed.Subset, parsed.Port), supportsLeastRequest: false);

        // gRPC enforces the DEFAULT priority's max_requests as a concurrent-request cap (gRFC A32).
        if (pool?.Http?.Http2MaxRequests is > 0 and var maxRequests)
        {
            cluster.CircuitBreakers = new CircuitBreakers
            {
                Thresholds = { new CircuitBreakers.Types.Thresholds { Priority = RoutingPriority.Default, MaxRequests = (uint)maxRequests } },
            };
        }

        if (GrpcOutlierDetectionTranslator.Translate(EffectiveTrafficPolicy.OutlierDetection(rule, parsed.Subset, parsed.Port)) is { } outlier)
        {
            cluster.OutlierDetection = outlier;
        }

        if (GrpcClusterTls.For(context, service, parsed.Port, parsed.Subset, rule, read) is { } tls)
        {
            cluster.TransportSocket = tls;
        }

        return cluster;
    }
}
