using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Labels and annotations copied onto every WorkloadEntry made from a WorkloadGroup.</summary>
public sealed record WorkloadGroupMetadata
{
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
