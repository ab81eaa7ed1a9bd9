using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Validation;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Route configurations for stock Envoy proxies (sidecars and gateways) from configs written as YAML, and
/// requests simulated against them, in the manner of Istio's simulation tests.
/// </summary>
public sealed class EnvoyRouteHarness : IDisposable
{
    public EnvoyRouteHarness(params string[] documents)
        : this(null, null, documents)
    {
    }

    /// <param name="rules">The validate.rules checker the provider gates resources with (the real one when null).</param>
    /// <param name="loggers">Where the generators log (nowhere when null).</param>
    public EnvoyRouteHarness(IProtoRulesChecker? rules, ILoggerFactory? loggers, params string[] documents)
    {
        // The production table: gateways get the router set, other non-proxyless proxies the sidecar set.
        Harness = new GenerationHarness(Load(documents), GeneratorTable.Default(loggers: loggers), rules);
    }

    public GenerationHarness Harness { get; }

    public static IReadOnlyList<ConfigObject> Load(params string[] documents)
    {
        if (documents.Length == 0)
        {
            return [];
        }

        var results = new ConfigParser().ParseYaml(string.Join("\n---\n", documents), "mesh.yaml");
        Assert.That(results.All(r => r.Outcome == ParseOutcome.Accepted), Is.True, () => string.Join("; ", results.SelectMany(r => r.Errors)));
        return results.Select(r => r.Config!).ToArray();
    }

    public Proxy Sidecar(string ns, params (string Key, string Value)[] labels) => Connect("sidecar", ns, labels);

    public Proxy Gateway(string ns, params (string Key, string Value)[] labels) => Connect("router", ns, labels);

    public RouteConfiguration? Routes(Proxy proxy, string name) => Harness.Routes(proxy, name);

    /// <summary>Sends a request through the proxy's route configuration <paramref name="routeName"/>.</summary>
    public RouteDecision Send(Proxy proxy, string routeName, SimulatedRequest request, int pick = 0)
    {
        var routes = Routes(proxy, routeName);
        Assert.That(routes, Is.Not.Null, $"route configuration {routeName} was not generated");
        return RouteTableSimulator.Decide(routes!, request, pick);
    }

    public void Change(params string[] documents) => Harness.Change(Load(documents).ToArray());

    public void Dispose() => Harness.Dispose();

    private Proxy Connect(string kind, string ns, (string Key, string Value)[] labels)
    {
        var labelStruct = new Struct();
        foreach (var (key, value) in labels)
        {
            labelStruct.Fields[key] = Value.ForString(value);
        }

        var node = new Node
        {
            Id = $"{kind}~10.1.0.{labels.Length + 1}~{kind}-{Guid.NewGuid():N}.{ns}~{ns}.svc.cluster.local",
            Metadata = new Struct
            {
                Fields =
                {
                    ["NAMESPACE"] = Value.ForString(ns),
                    ["LABELS"] = Value.ForStruct(labelStruct),
                },
            },
        };
        return (Proxy)Harness.Provider.Connect(node, GenerationHarness.Connection());
    }
}
