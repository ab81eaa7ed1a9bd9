using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io Sidecar: scopes what a proxy sees and accepts.</summary>
public sealed record SidecarSpec
{
    [JsonPropertyName("workloadSelector")]
    public WorkloadSelector? WorkloadSelector { get; init; }

    [JsonPropertyName("ingress")]
    public IReadOnlyList<IstioIngressListener>? Ingress { get; init; }

    [JsonPropertyName("egress")]
    public IReadOnlyList<IstioEgressListener>? Egress { get; init; }

    [JsonPropertyName("outboundTrafficPolicy")]
    public OutboundTrafficPolicy? OutboundTrafficPolicy { get; init; }

    [JsonPropertyName("inboundConnectionPool")]
    public ConnectionPoolSettings? InboundConnectionPool { get; init; }
}
