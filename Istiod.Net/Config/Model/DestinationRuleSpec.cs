using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io DestinationRule: policies applied after routing.</summary>
public sealed record DestinationRuleSpec
{
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("trafficPolicy")]
    public TrafficPolicy? TrafficPolicy { get; init; }

    [JsonPropertyName("subsets")]
    public IReadOnlyList<Subset>? Subsets { get; init; }

    [JsonPropertyName("exportTo")]
    public IReadOnlyList<string>? ExportTo { get; init; }

    [JsonPropertyName("workloadSelector")]
    public WorkloadSelector? WorkloadSelector { get; init; }
}
