using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Slow start for new endpoints.</summary>
public sealed record WarmupConfiguration
{
    [JsonPropertyName("duration")]
    public string? Duration { get; init; }

    [JsonPropertyName("minimumPercent")]
    public double? MinimumPercent { get; init; }

    [JsonPropertyName("aggression")]
    public double? Aggression { get; init; }
}
