using System.Net;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Registry;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>
/// Registry endpoints as Envoy's <c>LocalityLbEndpoints</c>, for EDS and for the load assignments of DNS
/// clusters alike. An endpoint whose workload carries <c>security.istio.io/tlsMode: istio</c> is marked in the
/// <c>envoy.transport_socket_match</c> metadata, which is what picks the mesh-mTLS transport socket of its
/// cluster: auto mTLS decided per endpoint, as Istio does.
/// </summary>
public static class EnvoyLbEndpoints
{
    public const string TransportSocketMatchKey = "envoy.transport_socket_match";
    public const string TlsModeLabel = "security.istio.io/tlsMode";
    public const string TlsModeField = "tlsMode";
    public const string IstioTlsMode = "istio";

    /// <summary>
    /// The endpoints of one cluster: the instances of the service port, narrowed to the subset's labels.
    /// <paramref name="ipOnly"/> keeps IP addresses only (EDS and STATIC clusters take nothing else).
    /// </summary>
    public static IEnumerable<ServiceInstance> Select(
        RegistrySnapshot registry, Service service, uint port, IReadOnlyDictionary<string, string>? subsetLabels, bool ipOnly) =>
        registry.Instances(service.Key, port)
            .Where(i => subsetLabels is null || ServiceEntryRegistrySource.Selects(subsetLabels, i.Labels))
            .Where(i => !ipOnly || IPAddress.TryParse(i.Address, out _))
            .DistinctBy(i => (i.Address, i.Port))
            .OrderBy(i => i.Address, StringComparer.Ordinal)
            .ThenBy(i => i.Port);

    public static LocalityLbEndpoints Build(LocalityGroup group)
    {
        var result = new LocalityLbEndpoints
        {
            Locality = EndpointGenerator.ParseLocality(group.Locality),
            LoadBalancingWeight = Math.Max(1, group.Weight),
            Priority = group.Priority,
        };
        foreach (var instance in group.Instances)
        {
            result.LbEndpoints.Add(Build(instance));
        }

        return result;
    }

    public static LbEndpoint Build(ServiceInstance instance)
    {
        var endpoint = new LbEndpoint
        {
            Endpoint = new EnvoyEndpoint
            {
                Address = new Address { SocketAddress = new SocketAddress { Address = instance.Address, PortValue = instance.Port } },
            },
            HealthStatus = instance.Ready ? HealthStatus.Healthy : HealthStatus.Unhealthy,
            LoadBalancingWeight = Math.Max(1, instance.Weight),
        };
        if (IsMeshMtls(instance))
        {
            var match = new Struct();
            match.Fields[TlsModeField] = Value.ForString(IstioTlsMode);
            endpoint.Metadata = new Metadata();
            endpoint.Metadata.FilterMetadata[TransportSocketMatchKey] = match;
        }

        return endpoint;
    }

    public static bool IsMeshMtls(ServiceInstance instance) =>
        instance.Labels.TryGetValue(TlsModeLabel, out var mode) && mode == IstioTlsMode;
}
