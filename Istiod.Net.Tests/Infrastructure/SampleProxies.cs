using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The xDS nodes that would connect to a mesh made of some configs: a proxyless gRPC client, a bare
/// sidecar and one without traffic capture (INTERCEPTION_MODE NONE) per namespace, a sidecar for every workload an endpoint or WorkloadEntry describes (its IP and
/// labels), and a router for every Gateway (its selector as labels).
/// </summary>
public static class SampleProxies
{
    public static IReadOnlyList<(string Description, Node Node)> For(IEnumerable<ConfigObject> configs)
    {
        var list = configs.ToList();
        var nodes = new List<(string, Node)>();
        var namespaces = list.Select(c => c.Meta.Namespace).Where(n => !string.IsNullOrEmpty(n)).Append("default").Distinct().Order(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            nodes.Add(($"proxyless gRPC client in {ns}", Make("sidecar", "10.200.0.1", "grpc-client", ns!, null, generator: "grpc")));
            nodes.Add(($"sidecar without labels in {ns}", Make("sidecar", "10.200.0.2", "plain", ns!, null)));
            nodes.Add(($"sidecar without traffic capture in {ns}", Make("sidecar", "10.200.0.3", "uncaptured", ns!, null, interception: "NONE")));
        }

        var workloads = new HashSet<string>(StringComparer.Ordinal);
        foreach (var config in list)
        {
            var endpoints = config.Spec switch
            {
                ServiceEntrySpec se => se.Endpoints ?? [],
                WorkloadEntrySpec we => [we],
                _ => [],
            };
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Address is not { } address || !System.Net.IPAddress.TryParse(address, out _))
                {
                    continue;
                }

                var labels = endpoint.Labels ?? new Dictionary<string, string>();
                var key = $"{config.Meta.Namespace}/{address}/{string.Join(",", labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))}";
                if (workloads.Add(key))
                {
                    var name = labels.GetValueOrDefault("app", config.Meta.Name) + (labels.TryGetValue("version", out var v) ? "-" + v : "");
                    nodes.Add(($"sidecar of {key}", Make("sidecar", address, name, config.Meta.Namespace!, labels)));
                }
            }

            if (config.Spec is GatewaySpec gateway)
            {
                var labels = gateway.Selector ?? new Dictionary<string, string>();
                nodes.Add(($"router for Gateway {config.Meta.Namespace}/{config.Meta.Name}", Make("router", "10.200.1.1", config.Meta.Name + "-gateway", config.Meta.Namespace!, labels)));
            }
        }

        if (!nodes.Any(n => n.Item2.Id.StartsWith("router~", StringComparison.Ordinal)))
        {
            // A gateway with no Gateway config of its own still gets clusters, endpoints and secrets.
            nodes.Add(("router without a Gateway", Make("router", "10.200.1.2", "ingress", "istio-system", new Dictionary<string, string> { ["istio"] = "ingressgateway" })));
        }

        return nodes;
    }

    private static Node Make(string type, string ip, string workload, string ns, IReadOnlyDictionary<string, string>? labels, string? generator = null, string? interception = null)
    {
        var metadata = new Struct();
        metadata.Fields["NAMESPACE"] = Value.ForString(ns);
        metadata.Fields["INSTANCE_IPS"] = Value.ForString(ip);
        if (interception is not null)
        {
            metadata.Fields["INTERCEPTION_MODE"] = Value.ForString(interception);
        }

        if (generator is not null)
        {
            metadata.Fields["GENERATOR"] = Value.ForString(generator);
        }

        if (labels is { Count: > 0 })
        {
            var structLabels = new Struct();
            foreach (var (key, value) in labels)
            {
                structLabels.Fields[key] = Value.ForString(value);
            }

            metadata.Fields["LABELS"] = Value.ForStruct(structLabels);
        }

        return new Node { Id = $"{type}~{ip}~{workload}.{ns}~{ns}.svc.cluster.local", Metadata = metadata };
    }
}
