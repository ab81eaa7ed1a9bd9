using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A custom tracing tag with a fixed value.</summary>
public sealed record TracingLiteral
{
    [JsonPropertyName("value")]
    public string? Value { get; init; }
}
