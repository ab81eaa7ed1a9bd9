using Envoy.Config.Core.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Security.PeerAuthentication;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Security;
using Istiod.Net.Xds.Generation.Tls;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// Whether a proxyless client speaks TLS to a cluster, and how (gRFC A29). A DestinationRule's tls mode
/// decides when set; otherwise auto mTLS sends mutual TLS when every endpoint of the cluster is a mesh
/// workload (<c>security.istio.io/tlsMode: istio</c>) whose PeerAuthentication is STRICT on its port.
/// PERMISSIVE destinations get plaintext: an xDS-enabled gRPC server can serve only one of TLS and
/// plaintext on a port and keeps PERMISSIVE as plaintext (see GrpcServerListenerBuilder), and a sidecar
/// in PERMISSIVE takes plaintext too, so plaintext is what every PERMISSIVE destination accepts.
/// gRPC reads certificates only from its bootstrap's provider instances, so SIMPLE and MUTUAL verify
/// against the mesh roots of that instance; certificate file paths of the rule cannot reach the client.
/// </summary>
public static class GrpcClusterTls
{
    public const string TlsModeLabel = "security.istio.io/tlsMode";
    public const string TlsModeIstio = "istio";

    public static TransportSocket? For(
        GenerationContext context, Service service, uint port, string subset, DestinationRuleEntry? rule, DependencyRecorder read)
    {
        var settings = EffectiveTrafficPolicy.Tls(rule, subset, port);
        return settings?.Mode switch
        {
            ClientTlsMode.Disable => null,
            ClientTlsMode.IstioMutual => GrpcTls.Client(identity: true, Sans(settings, () => EndpointIdentities(context, service, port, subset, rule, read))),
            ClientTlsMode.Mutual => GrpcTls.Client(identity: true, settings.SubjectAltNames ?? []),
            ClientTlsMode.Simple => GrpcTls.Client(identity: false, settings.SubjectAltNames ?? []),
            _ => AutoMtls(context, service, port, subset, rule, read),
        };
    }

    private static TransportSocket? AutoMtls(
        GenerationContext context, Service service, uint port, string subset, DestinationRuleEntry? rule, DependencyRecorder read)
    {
        if (!context.Push.Mesh.EffectiveAutoMtls || service.MeshExternal)
        {
            return null;
        }

        var instances = Instances(context, service, port, subset, rule, read);
        if (instances.Count == 0 || !instances.All(i => i.Labels.TryGetValue(TlsModeLabel, out var mode) && mode == TlsModeIstio))
        {
            return null;
        }

        read.Add(Dependency.Config(PeerAuthenticationResolver.Kind));
        var root = context.Push.Mesh.EffectiveRootNamespace;
        var strict = instances.All(i =>
            PeerAuthenticationResolver.Resolve(context.Push.Config, root, service.Namespace, i.Labels).ModeFor(i.Port) == MutualTlsMode.Strict);
        return strict ? GrpcTls.Client(identity: true, Identities(context, service, instances)) : null;
    }

    private static IEnumerable<string> Sans(ClientTlsSettings settings, Func<IEnumerable<string>> fallback) =>
        settings.SubjectAltNames is { Count: > 0 } given ? given : fallback();

    private static IEnumerable<string> EndpointIdentities(
        GenerationContext context, Service service, uint port, string subset, DestinationRuleEntry? rule, DependencyRecorder read) =>
        Identities(context, service, Instances(context, service, port, subset, rule, read));

    /// <summary>The SPIFFE ids of the endpoints' service accounts: the only names a server may present.</summary>
    private static IEnumerable<string> Identities(GenerationContext context, Service service, IEnumerable<ServiceInstance> instances) =>
        instances
            .Where(i => i.ServiceAccount is { Length: > 0 })
            .Select(i => new SpiffeIdentity(context.Push.Mesh.EffectiveTrustDomain, service.Namespace, i.ServiceAccount!).ToString());

    private static List<ServiceInstance> Instances(
        GenerationContext context, Service service, uint port, string subset, DestinationRuleEntry? rule, DependencyRecorder read)
    {
        read.Add(Dependency.Endpoints(service.Hostname));
        var labels = subset.Length > 0 ? rule?.FindSubset(subset)?.Labels : null;
        return context.Push.Registry.Instances(service.Key, port)
            .Where(i => labels is null || ServiceEntryRegistrySource.Selects(labels, i.Labels))
            .ToList();
    }
}
