using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>TCP keepalive probes.</summary>
public sealed record TcpKeepalive
{
    [JsonPropertyName("probes")]
    public uint? Probes { get; init; }

    [JsonPropertyName("time")]
    public string? Time { get; init; }

    [JsonPropertyName("interval")]
    public string? Interval { get; init; }
}
