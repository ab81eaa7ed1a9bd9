using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A named group of a service's endpoints, selected by labels.</summary>
public sealed record Subset
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("trafficPolicy")]
    public TrafficPolicy? TrafficPolicy { get; init; }
}
