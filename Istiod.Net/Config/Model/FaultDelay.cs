using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A fixed delay before forwarding, for a percentage of requests.</summary>
public sealed record FaultDelay
{
    [JsonPropertyName("fixedDelay")]
    public string? FixedDelay { get; init; }

    [JsonPropertyName("exponentialDelay")]
    public string? ExponentialDelay { get; init; }

    [JsonPropertyName("percentage")]
    public Percent? Percentage { get; init; }

    [JsonPropertyName("percent")]
    public int? Percent { get; init; }
}
