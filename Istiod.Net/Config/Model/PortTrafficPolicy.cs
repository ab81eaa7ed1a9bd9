using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A traffic policy for one port of the destination.</summary>
public sealed record PortTrafficPolicy
{
    [JsonPropertyName("port")]
    public PortSelector? Port { get; init; }

    [JsonPropertyName("loadBalancer")]
    public LoadBalancerSettings? LoadBalancer { get; init; }

    [JsonPropertyName("connectionPool")]
    public ConnectionPoolSettings? ConnectionPool { get; init; }

    [JsonPropertyName("outlierDetection")]
    public OutlierDetection? OutlierDetection { get; init; }

    [JsonPropertyName("tls")]
    public ClientTlsSettings? Tls { get; init; }
}
