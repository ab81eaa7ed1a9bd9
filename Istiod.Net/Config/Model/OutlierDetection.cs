using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Ejects endpoints that keep failing.</summary>
public sealed record OutlierDetection
{
    [JsonPropertyName("splitExternalLocalOriginErrors")]
    public bool? SplitExternalLocalOriginErrors { get; init; }

    [JsonPropertyName("consecutiveLocalOriginFailures")]
    public uint? ConsecutiveLocalOriginFailures { get; init; }

    [JsonPropertyName("consecutiveGatewayErrors")]
    public uint? ConsecutiveGatewayErrors { get; init; }

    [JsonPropertyName("consecutive5xxErrors")]
    public uint? Consecutive5xxErrors { get; init; }

    [JsonPropertyName("consecutiveErrors")]
    public int? ConsecutiveErrors { get; init; }

    [JsonPropertyName("interval")]
    public string? Interval { get; init; }

    [JsonPropertyName("baseEjectionTime")]
    public string? BaseEjectionTime { get; init; }

    [JsonPropertyName("maxEjectionPercent")]
    public int? MaxEjectionPercent { get; init; }

    [JsonPropertyName("minHealthPercent")]
    public int? MinHealthPercent { get; init; }
}
