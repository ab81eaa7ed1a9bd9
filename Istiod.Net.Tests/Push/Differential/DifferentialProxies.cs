using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Tests.Push.Differential;

/// <summary>
/// The clients the differential test asks for: Envoy sidecars in different namespaces (one on an endpoint
/// address with workload labels, so it gets inbound listeners and selected policies), a gateway, and
/// proxyless gRPC clients (one also a server on an endpoint address). Same nodes for both providers.
/// </summary>
public static class DifferentialProxies
{
    public static IReadOnlyList<(string Description, Node Node)> All { get; } =
    [
        ("sidecar ns-a reviews v1 (10.1.0.1)", Make("sidecar", "10.1.0.1", "reviews-v1", "ns-a", ("app", "reviews"), ("version", "v1"))),
        ("sidecar ns-b web (10.1.0.4)", Make("sidecar", "10.1.0.4", "web", "ns-b", ("app", "web"))),
        ("sidecar default without labels", Make("sidecar", "10.9.0.1", "plain", "default")),
        ("gateway istio-system istio=ingressgateway", Make("router", "10.9.1.1", "ingress", "istio-system", ("istio", "ingressgateway"))),
        ("proxyless ns-a ratings (10.1.0.2)", Make("sidecar", "10.1.0.2", "ratings", "ns-a", "grpc", ("app", "ratings"), ("version", "v2"))),
        ("proxyless ns-b client", Make("sidecar", "10.9.0.2", "client", "ns-b", "grpc")),
    ];

    private static Node Make(string type, string ip, string workload, string ns, params (string Key, string Value)[] labels) =>
        Make(type, ip, workload, ns, null, labels);

    private static Node Make(string type, string ip, string workload, string ns, string? generator, params (string Key, string Value)[] labels)
    {
        var metadata = new Struct();
        metadata.Fields["NAMESPACE"] = Value.ForString(ns);
        metadata.Fields["INSTANCE_IPS"] = Value.ForString(ip);
        if (generator is not null)
        {
            metadata.Fields["GENERATOR"] = Value.ForString(generator);
        }

        var labelStruct = new Struct();
        foreach (var (key, value) in labels)
        {
            labelStruct.Fields[key] = Value.ForString(value);
        }

        metadata.Fields["LABELS"] = Value.ForStruct(labelStruct);
        return new Node { Id = $"{type}~{ip}~{workload}.{ns}~{ns}.svc.cluster.local", Metadata = metadata };
    }
}
