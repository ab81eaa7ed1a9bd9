using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io VirtualService: traffic routing rules for a set of hosts.</summary>
public sealed record VirtualServiceSpec
{
    [JsonPropertyName("hosts")]
    public IReadOnlyList<string>? Hosts { get; init; }

    [JsonPropertyName("gateways")]
    public IReadOnlyList<string>? Gateways { get; init; }

    [JsonPropertyName("http")]
    public IReadOnlyList<HttpRoute>? Http { get; init; }

    [JsonPropertyName("tls")]
    public IReadOnlyList<TlsRoute>? Tls { get; init; }

    [JsonPropertyName("tcp")]
    public IReadOnlyList<TcpRoute>? Tcp { get; init; }

    [JsonPropertyName("exportTo")]
    public IReadOnlyList<string>? ExportTo { get; init; }
}
