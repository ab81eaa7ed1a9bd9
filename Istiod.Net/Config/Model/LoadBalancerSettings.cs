using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A simple algorithm or consistent hashing, with locality settings and warm-up.</summary>
public sealed record LoadBalancerSettings
{
    [JsonPropertyName("simple")]
    public SimpleLb? Simple { get; init; }

    [JsonPropertyName("consistentHash")]
    public ConsistentHashLb? ConsistentHash { get; init; }

    [JsonPropertyName("localityLbSetting")]
    public LocalityLbSetting? LocalityLbSetting { get; init; }

    [JsonPropertyName("warmupDurationSecs")]
    public string? WarmupDurationSecs { get; init; }

    [JsonPropertyName("warmup")]
    public WarmupConfiguration? Warmup { get; init; }
}
