using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A header sent with an HTTP readiness probe.</summary>
public sealed record ProbeHttpHeader
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("value")]
    public string? Value { get; init; }
}
