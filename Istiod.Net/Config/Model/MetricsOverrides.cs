using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Changes to metrics matched by a selector.</summary>
public sealed record MetricsOverrides
{
    [JsonPropertyName("match")]
    public MetricSelector? Match { get; init; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; init; }

    [JsonPropertyName("tagOverrides")]
    public IReadOnlyDictionary<string, TagOverride>? TagOverrides { get; init; }
}
