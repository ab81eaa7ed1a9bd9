using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;
using Istiod.Net.Xds.Generation.Envoy;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Generation.Routes;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Chooses the generator set of a proxy: the first rule that matches wins. Adding a kind of client
/// (Envoy sidecars, gateways) is a new set and a new row, not an edit of a switch.
/// </summary>
public sealed class GeneratorTable(IReadOnlyList<GeneratorRule> rules)
{
    public const string ProxylessGrpc = "grpc";

    public IReadOnlyList<GeneratorRule> Rules { get; } = rules;

    /// <summary>Every distinct set the table can hand out.</summary>
    public IEnumerable<GeneratorSet> Sets => Rules.Select(r => r.Set).Distinct();

    public GeneratorSet? For(Proxy proxy) => Rules.FirstOrDefault(r => r.Matches(proxy))?.Set;

    /// <summary>
    /// The generators of proxyless gRPC clients and servers (gRFC A27 and its follow-ups). Scoped to
    /// workloads: a server's listener follows the PeerAuthentication that selects its labels.
    /// </summary>
    public static GeneratorSet ProxylessGrpcSet() => new(ProxylessGrpc,
    [
        new GrpcListenerGenerator(),
        new GrpcRouteGenerator(),
        new GrpcClusterGenerator(),
        new EndpointGenerator(),
    ], ProxyViewScope.Workload);

    /// <summary>
    /// Proxyless gRPC clients first (they also say "sidecar" in their node id), then gateways, then every
    /// other client is a stock Envoy sidecar. <paramref name="secrets"/> (SDS) joins the Envoy sets only:
    /// proxyless clients load certificates from files and never get SDS.
    /// </summary>
    public static GeneratorTable Default(IXdsGenerator? secrets = null, ILoggerFactory? loggers = null, IAuthorizationFilterSource? authorization = null) => new(
    [
        new GeneratorRule("proxyless gRPC (metadata GENERATOR=grpc)", p => p.IsProxyless, ProxylessGrpcSet()),
        new GeneratorRule("gateway (node type router)", p => p.Kind == ProxyKind.Router, EnvoyGeneratorSets.Router(secrets, authorization, loggers)),
        new GeneratorRule("Envoy sidecar (everything else)", _ => true, EnvoyGeneratorSets.Sidecar(secrets, authorization, loggers)),
    ]);
}
