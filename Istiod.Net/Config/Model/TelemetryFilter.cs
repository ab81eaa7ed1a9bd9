using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A CEL expression selecting which requests are logged.</summary>
public sealed record TelemetryFilter
{
    [JsonPropertyName("expression")]
    public string? Expression { get; init; }
}
