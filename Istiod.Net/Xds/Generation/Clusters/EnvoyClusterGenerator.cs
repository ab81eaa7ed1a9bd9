using Google.Protobuf;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// Clusters for stock Envoy sidecars and gateways: <c>outbound|port|subset|host</c> for every port of every
/// service the proxy sees (a sidecar through its Sidecar scope, a gateway everything its namespace sees) and
/// every DestinationRule subset, <c>inbound|port||</c> for a sidecar's own workload ports, and the
/// BlackHole, Passthrough and InboundPassthrough clusters.
/// </summary>
public sealed class EnvoyClusterGenerator : IXdsGenerator
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public string TypeUrl => XdsTypeUrls.Cluster;

    /// <summary>
    /// Inbound clusters point at the workload itself (all of it); the others follow the Sidecar scope (labels)
    /// and locality load balancing (locality), so the pods of one deployment share them.
    /// </summary>
    public WorkloadFacets WorkloadFacetsFor(string name) =>
        name.StartsWith("inbound|", StringComparison.Ordinal)
            ? WorkloadFacets.All
            : WorkloadFacets.Kind | WorkloadFacets.Labels | WorkloadFacets.Locality;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>
    {
        DependencyKind.Service, DependencyKind.Endpoints, DependencyKind.DestinationRule, DependencyKind.ConfigKind,
    };

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Service(Dependency.AnyHost));
        read.Add(Dependency.DestinationRule(Dependency.AnyHost));
        var names = new List<string> { ClusterName.BlackHole, ClusterName.Passthrough };
        foreach (var service in VisibleServices(context, read).Where(s => !Hostnames.IsWildcard(s.Hostname)))
        {
            var subsets = context.Push.DestinationRules.ForHost(service.Hostname, context.Namespace)?.Spec.Subsets ?? [];
            foreach (var port in service.Ports)
            {
                names.Add(ClusterName.ForOutbound(port.Number, "", service.Hostname));
                names.AddRange(subsets
                    .Where(s => s.Name is { Length: > 0 })
                    .Select(s => ClusterName.ForOutbound(port.Number, s.Name!, service.Hostname)));
            }
        }

        if (context.Workload?.Kind == ProxyKind.Sidecar)
        {
            names.Add(ClusterName.InboundPassthrough);
            var scope = Scope(context, read);
            names.AddRange(InboundClusters.PortsOf(context, scope, host => read.Add(Dependency.Endpoints(host)))
                .Select(p => ClusterName.ForInbound(p.Port)));
        }

        return names.Distinct(StringComparer.Ordinal);
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        var timeout = ConnectTimeout(context);
        switch (name)
        {
            case ClusterName.BlackHole:
                return SpecialClusters.BlackHole(timeout);
            case ClusterName.Passthrough:
                return SpecialClusters.Passthrough(timeout);
            case ClusterName.InboundPassthrough:
                return context.Workload?.Kind == ProxyKind.Sidecar ? SpecialClusters.InboundPassthrough(timeout) : null;
        }

        if (InboundClusters.TryParse(name, out var inboundPort))
        {
            if (context.Workload?.Kind != ProxyKind.Sidecar)
            {
                return null;
            }

            read.Add(Dependency.Service(Dependency.AnyHost));
            var port = InboundClusters.PortsOf(context, Scope(context, read), host => read.Add(Dependency.Endpoints(host)))
                .FirstOrDefault(p => p.Port == inboundPort);
            return port is null ? null : InboundClusters.Build(port, timeout);
        }

        if (!ClusterName.TryParse(name, out var parsed) || parsed!.Direction != ClusterName.Outbound)
        {
            return null;
        }

        read.Add(Dependency.Service(parsed.Host));
        var service = context.Push.Registry.Find(parsed.Host, context.Namespace);
        if (service?.PortByNumber(parsed.Port) is not { } servicePort)
        {
            return null;
        }

        read.Add(Dependency.DestinationRule(parsed.Host));
        var rule = context.Push.DestinationRules.ForHost(parsed.Host, context.Namespace);
        if (parsed.Subset.Length > 0 && rule?.FindSubset(parsed.Subset) is null)
        {
            return null;
        }

        return OutboundClusterBuilder.Build(context, service, servicePort, parsed.Subset, rule, read);
    }

    private static TimeSpan ConnectTimeout(GenerationContext context) =>
        IstioDuration.TryParse(context.Push.Mesh.ConnectTimeout, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : OutboundClusterBuilder.DefaultConnectTimeout;

    /// <summary>Gateways are not scoped by Sidecar resources: they see what their namespace sees.</summary>
    private static IEnumerable<Service> VisibleServices(GenerationContext context, DependencyRecorder read) =>
        context.Workload?.Kind == ProxyKind.Sidecar
            ? Scope(context, read).Services
            : context.Push.Registry.VisibleTo(context.Namespace);

    private static SidecarScope Scope(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Config(SidecarScope.Kind));
        return SidecarScope.For(context.Push, context.Namespace, context.Workload?.Labels ?? NoLabels);
    }
}
