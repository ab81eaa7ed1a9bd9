using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>TCP connection limits.</summary>
public sealed record TcpSettings
{
    [JsonPropertyName("maxConnections")]
    public int? MaxConnections { get; init; }

    [JsonPropertyName("connectTimeout")]
    public string? ConnectTimeout { get; init; }

    [JsonPropertyName("tcpKeepalive")]
    public TcpKeepalive? TcpKeepalive { get; init; }

    [JsonPropertyName("maxConnectionDuration")]
    public string? MaxConnectionDuration { get; init; }

    [JsonPropertyName("idleTimeout")]
    public string? IdleTimeout { get; init; }
}
