using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A policy's attachment to a Gateway API resource or Service instead of a label selector.</summary>
public sealed record PolicyTargetReference
{
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }
}
