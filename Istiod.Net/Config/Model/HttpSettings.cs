using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>HTTP request limits.</summary>
public sealed record HttpSettings
{
    [JsonPropertyName("http1MaxPendingRequests")]
    public int? Http1MaxPendingRequests { get; init; }

    [JsonPropertyName("http2MaxRequests")]
    public int? Http2MaxRequests { get; init; }

    [JsonPropertyName("maxRequestsPerConnection")]
    public int? MaxRequestsPerConnection { get; init; }

    [JsonPropertyName("maxRetries")]
    public int? MaxRetries { get; init; }

    [JsonPropertyName("idleTimeout")]
    public string? IdleTimeout { get; init; }

    [JsonPropertyName("h2UpgradePolicy")]
    public string? H2UpgradePolicy { get; init; }

    [JsonPropertyName("useClientProtocol")]
    public bool? UseClientProtocol { get; init; }

    [JsonPropertyName("http2KeepAlive")]
    public Http2KeepAlive? Http2KeepAlive { get; init; }

    [JsonPropertyName("maxConcurrentStreams")]
    public int? MaxConcurrentStreams { get; init; }
}
