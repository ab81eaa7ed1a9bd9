using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Which traffic mode (client, server or both) a telemetry setting applies to.</summary>
public sealed record TelemetrySelectorMatch
{
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }
}
