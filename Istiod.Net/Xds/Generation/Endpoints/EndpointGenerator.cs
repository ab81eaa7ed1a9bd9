using System.Net;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Google.Protobuf;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>
/// Load assignments for <c>outbound|port|subset|host</c> clusters: the endpoints of that service port,
/// narrowed to the subset's labels, grouped by locality. Each locality weighs the sum of its endpoints'
/// weights (gRPC ignores localities without a weight). Only IP addresses are sent: gRPC rejects the
/// whole assignment for one host name, and a repeated address:port is sent once for the same reason.
/// </summary>
public sealed class EndpointGenerator : IXdsGenerator
{
    public string TypeUrl => XdsTypeUrls.Endpoint;

    /// <summary>Nothing of the workload: every proxyless client of a namespace shares these.</summary>
    public WorkloadFacets WorkloadFacetsFor(string name) => WorkloadFacets.None;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>
    {
        DependencyKind.Service, DependencyKind.Endpoints, DependencyKind.DestinationRule,
    };

    /// <summary>EDS is never a wildcard subscription: clients name the clusters they hold.</summary>
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

        IReadOnlyDictionary<string, string>? subsetLabels = null;
        if (parsed.Subset.Length > 0)
        {
            read.Add(Dependency.DestinationRule(parsed.Host));
            var subset = context.Push.DestinationRules.ForHost(parsed.Host, context.Namespace)?.FindSubset(parsed.Subset);
            if (subset is null)
            {
                return null;
            }

            subsetLabels = subset.Labels;
        }

        read.Add(Dependency.Endpoints(parsed.Host));
        var instances = context.Push.Registry.Instances(service.Key, parsed.Port)
            .Where(i => subsetLabels is null || ServiceEntryRegistrySource.Selects(subsetLabels, i.Labels))
            .Where(i => IPAddress.TryParse(i.Address, out _))
            .DistinctBy(i => (i.Address, i.Port))
            .OrderBy(i => i.Address, StringComparer.Ordinal)
            .ThenBy(i => i.Port);

        var assignment = new ClusterLoadAssignment { ClusterName = name };
        foreach (var locality in instances.GroupBy(i => i.Locality, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var group = new LocalityLbEndpoints
            {
                Locality = ParseLocality(locality.Key),
                LoadBalancingWeight = (uint)Math.Min(locality.Sum(i => (long)i.Weight), uint.MaxValue),
            };
            foreach (var instance in locality)
            {
                group.LbEndpoints.Add(new LbEndpoint
                {
                    Endpoint = new EnvoyEndpoint
                    {
                        Address = new Address { SocketAddress = new SocketAddress { Address = instance.Address, PortValue = instance.Port } },
                    },
                    HealthStatus = instance.Ready ? HealthStatus.Healthy : HealthStatus.Unhealthy,
                    LoadBalancingWeight = instance.Weight,
                });
            }

            assignment.Endpoints.Add(group);
        }

        return assignment;
    }

    /// <summary>"region/zone/subzone"; gRPC requires a locality message even when all parts are empty.</summary>
    public static Locality ParseLocality(string locality)
    {
        var parts = locality.Split('/', 3);
        return new Locality
        {
            Region = parts.ElementAtOrDefault(0) ?? "",
            Zone = parts.ElementAtOrDefault(1) ?? "",
            SubZone = parts.ElementAtOrDefault(2) ?? "",
        };
    }
}
