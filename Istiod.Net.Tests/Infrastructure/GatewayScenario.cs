using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Configs written as YAML, stock Envoy proxies connected to them, and connections followed through the
/// generated listeners (filter chain by port and SNI) into the route configuration the chain names, as
/// Istio's gateway simulation tests do. Every resource goes through the real validate.rules checker, which
/// remembers what it rejected, so a case can also say that nothing it generated breaks Envoy's rules.
/// </summary>
public sealed class GatewayScenario : IDisposable
{
    private readonly GrpcTestServerLogProvider _logs = new();
    private readonly ILoggerFactory _loggers;

    public GatewayScenario(params string[] documents)
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        Mesh = new EnvoyRouteHarness(Rules, _loggers, documents);
    }

    /// <summary>What the generators logged.</summary>
    public IEnumerable<GrpcTestServerLogEntry> Logs => _logs.Entries;

    public RecordingRulesChecker Rules { get; } = new();

    public EnvoyRouteHarness Mesh { get; }

    public GenerationHarness Harness => Mesh.Harness;

    /// <summary>An ingress gateway proxy (labels istio=ingressgateway) in istio-system.</summary>
    public Proxy Ingress() => Mesh.Gateway("istio-system", ("istio", "ingressgateway"));

    public ListenerSimulator Listeners(Proxy proxy) => new(Harness.Listeners(proxy));

    /// <summary>The chain a connection to the gateway's own port lands on, or null when none would take it.</summary>
    public ListenerMatch? Connect(Proxy proxy, ListenerCall call) => Listeners(proxy).Direct(call);

    /// <summary>
    /// An HTTP request on a connection: the chain must be an HCM, its route configuration must exist, and the
    /// request is decided by it (https when the connection is TLS).
    /// </summary>
    public (ListenerMatch Chain, RouteDecision Decision) Request(Proxy proxy, ListenerCall call, SimulatedRequest request)
    {
        var chain = Connect(proxy, call);
        Assert.That(chain, Is.Not.Null, $"no filter chain takes a connection to port {call.Port} (sni {call.Sni ?? "none"})");
        Assert.That(chain!.RouteConfigName, Is.Not.Null, $"chain {chain.Chain} of {chain.Listener} is not an HTTP chain");
        var routes = Harness.Routes(proxy, chain.RouteConfigName!);
        Assert.That(routes, Is.Not.Null, $"route configuration {chain.RouteConfigName} was not generated");
        return (chain, RouteTableSimulator.Decide(routes!, call.Tls ? request with { Scheme = "https" } : request));
    }

    public RouteConfiguration? Routes(Proxy proxy, string name) => Harness.Routes(proxy, name);

    public Cluster? Cluster(Proxy proxy, string name) => Harness.Cluster(proxy, name);

    /// <summary>Every resource the proxies would fetch (wildcards, then what they name) passes validate.rules.</summary>
    public void AssertResourcesPassRules(params Proxy[] proxies)
    {
        foreach (var proxy in proxies)
        {
            var all = new List<XdsResource>();
            foreach (var generator in proxy.Generators.Generators)
            {
                all.AddRange(Harness.Generate(proxy, generator.TypeUrl).Resources);
            }

            foreach (var (typeUrl, names) in ResourceReferences.Collect(all))
            {
                if (names.Count > 0 && proxy.Generators.For(typeUrl) is not null)
                {
                    Harness.Generate(proxy, typeUrl, [.. names]);
                }
            }

            Assert.That(all, Is.Not.Empty);
        }

        Assert.That(Rules.Checked, Is.GreaterThan(0));
        Assert.That(Rules.Found, Is.Empty, "generated resources break Envoy's validate.rules");
    }

    public void Dispose()
    {
        Mesh.Dispose();
        _loggers.Dispose();
    }
}
