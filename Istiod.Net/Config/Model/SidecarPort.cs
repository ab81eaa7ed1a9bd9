using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A port of a Sidecar listener.</summary>
public sealed record SidecarPort
{
    [JsonPropertyName("number")]
    public uint? Number { get; init; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("targetPort")]
    public uint? TargetPort { get; init; }
}
