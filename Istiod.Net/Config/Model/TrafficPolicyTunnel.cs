using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Tunnels TCP over HTTP CONNECT to a proxy.</summary>
public sealed record TrafficPolicyTunnel
{
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    [JsonPropertyName("targetHost")]
    public string? TargetHost { get; init; }

    [JsonPropertyName("targetPort")]
    public uint? TargetPort { get; init; }
}
