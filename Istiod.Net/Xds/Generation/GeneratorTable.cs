using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Generation.Routes;

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

    public const string Envoy = "envoy";

    /// <summary>
    /// Proxyless gRPC clients get the gRPC set. Every other client (Envoy) gets the same generators for
    /// now, plus <paramref name="secrets"/> (SDS) when given: proxyless clients load certificates from
    /// files and never get SDS. Envoy's own generators (sidecar, gateway) slot in as rows before the
    /// catch-all, each with the secrets generator.
    /// </summary>
    public static GeneratorTable Default(IXdsGenerator? secrets = null)
    {
        var grpc = ProxylessGrpcSet();
        var envoy = secrets is null ? grpc : new GeneratorSet(Envoy, ProxylessGrpcSet().Generators.Append(secrets));
        return new GeneratorTable(
        [
            new GeneratorRule("proxyless gRPC (metadata GENERATOR=grpc)", p => p.IsProxyless, grpc),
            new GeneratorRule("everything else (until Envoy generators exist)", _ => true, envoy),
        ]);
    }
}
