using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Load balancing, connection pool, outlier detection and TLS for a destination.</summary>
public sealed record TrafficPolicy
{
    [JsonPropertyName("loadBalancer")]
    public LoadBalancerSettings? LoadBalancer { get; init; }

    [JsonPropertyName("connectionPool")]
    public ConnectionPoolSettings? ConnectionPool { get; init; }

    [JsonPropertyName("outlierDetection")]
    public OutlierDetection? OutlierDetection { get; init; }

    [JsonPropertyName("tls")]
    public ClientTlsSettings? Tls { get; init; }

    [JsonPropertyName("portLevelSettings")]
    public IReadOnlyList<PortTrafficPolicy>? PortLevelSettings { get; init; }

    [JsonPropertyName("tunnel")]
    public TrafficPolicyTunnel? Tunnel { get; init; }

    [JsonPropertyName("proxyProtocol")]
    public ProxyProtocol? ProxyProtocol { get; init; }
}
