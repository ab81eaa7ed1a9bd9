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

    /// <summary>The generators of proxyless gRPC clients (gRFC A27 and its follow-ups).</summary>
    public static GeneratorSet ProxylessGrpcSet() => new(ProxylessGrpc,
    [
        new GrpcListenerGenerator(),
        new GrpcRouteGenerator(),
        new GrpcClusterGenerator(),
        new EndpointGenerator(),
    ]);

    /// <summary>
    /// Proxyless gRPC clients first (they also say "sidecar" in their node id), then gateways, then every
    /// other client is a stock Envoy sidecar.
    /// </summary>
    public static GeneratorTable Default(ILoggerFactory? loggers = null) => new(
    [
        new GeneratorRule("proxyless gRPC (metadata GENERATOR=grpc)", p => p.IsProxyless, ProxylessGrpcSet()),
        new GeneratorRule("gateway (node type router)", p => p.Kind == ProxyKind.Router, EnvoyGeneratorSets.Router(loggers: loggers)),
        new GeneratorRule("Envoy sidecar (everything else)", _ => true, EnvoyGeneratorSets.Sidecar(loggers: loggers)),
    ]);
}
