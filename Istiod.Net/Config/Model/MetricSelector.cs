using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Which metric (standard or custom) and in which mode an override applies to.</summary>
public sealed record MetricSelector
{
    [JsonPropertyName("metric")]
    public string? Metric { get; init; }

    [JsonPropertyName("customMetric")]
    public string? CustomMetric { get; init; }

    [JsonPropertyName("mode")]
    public string? Mode { get; init; }
}
