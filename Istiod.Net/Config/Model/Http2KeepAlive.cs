using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>HTTP/2 PING frames on upstream connections: how often, and how long to wait for the answer.</summary>
public sealed record Http2KeepAlive
{
    [JsonPropertyName("interval")]
    public string? Interval { get; init; }

    [JsonPropertyName("timeout")]
    public string? Timeout { get; init; }
}
