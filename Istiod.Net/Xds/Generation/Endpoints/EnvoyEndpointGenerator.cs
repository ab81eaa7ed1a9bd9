using Envoy.Config.Endpoint.V3;
using Google.Protobuf;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>
/// Load assignments for the EDS clusters of stock Envoy sidecars and gateways: the service port's endpoints,
/// narrowed to the subset, grouped by locality with priorities and weights from the calling proxy's locality
/// (<see cref="LocalityLoadBalancing"/>), health from readiness, and the tlsMode marker auto mTLS matches on.
/// Unlike proxyless gRPC, Envoy takes unhealthy endpoints (it skips them) and per-endpoint metadata.
/// </summary>
public sealed class EnvoyEndpointGenerator : IXdsGenerator
{
    public string TypeUrl => XdsTypeUrls.Endpoint;

    /// <summary>Endpoints follow the Sidecar scope (labels) and locality load balancing (locality).</summary>
    public WorkloadFacets WorkloadFacetsFor(string name) => WorkloadFacets.Kind | WorkloadFacets.Labels | WorkloadFacets.Locality;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>
    {
        DependencyKind.Service, DependencyKind.Endpoints, DependencyKind.DestinationRule,
    };

    /// <summary>Envoy names the EDS clusters it holds; there is no wildcard EDS.</summary>
    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => [];

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
        IReadOnlyDictionary<string, string>? subsetLabels = null;
        if (parsed.Subset.Length > 0)
        {
            if (rule?.FindSubset(parsed.Subset) is not { } subset)
            {
                return null;
            }

            subsetLabels = subset.Labels ?? new Dictionary<string, string>();
        }

        read.Add(Dependency.Endpoints(parsed.Host));
        var instances = EnvoyLbEndpoints.Select(context.Push.Registry, service, parsed.Port, subsetLabels, ipOnly: true);
        var locality = EffectiveLocalityLb.For(context.Push.Mesh, EffectiveTrafficPolicy.LoadBalancer(rule, parsed.Subset, parsed.Port));
        var outlier = EffectiveTrafficPolicy.OutlierDetection(rule, parsed.Subset, parsed.Port) is not null;
        var groups = LocalityLoadBalancing.Assign(
            instances, locality, outlier,
            context.Workload?.Locality ?? "",
            context.Workload?.Labels ?? new Dictionary<string, string>());

        var assignment = new ClusterLoadAssignment { ClusterName = name };
        foreach (var group in groups)
        {
            assignment.Endpoints.Add(EnvoyLbEndpoints.Build(group));
        }

        return assignment;
    }
}
