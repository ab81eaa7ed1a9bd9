using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A service (and optionally subset and port) that traffic is sent to.</summary>
public sealed record Destination
{
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("subset")]
    public string? Subset { get; init; }

    [JsonPropertyName("port")]
    public PortSelector? Port { get; init; }
}
