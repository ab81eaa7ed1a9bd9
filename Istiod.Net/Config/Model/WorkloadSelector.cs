using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Selects workloads by labels.</summary>
public sealed record WorkloadSelector
{
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
