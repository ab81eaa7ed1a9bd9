using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Locality-weighted distribution or failover.</summary>
public sealed record LocalityLbSetting
{
    [JsonPropertyName("distribute")]
    public IReadOnlyList<LocalityDistribute>? Distribute { get; init; }

    [JsonPropertyName("failover")]
    public IReadOnlyList<LocalityFailover>? Failover { get; init; }

    [JsonPropertyName("failoverPriority")]
    public IReadOnlyList<string>? FailoverPriority { get; init; }

    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}
