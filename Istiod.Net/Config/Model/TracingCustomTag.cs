using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A custom tracing tag: exactly one of literal, environment or header.</summary>
public sealed record TracingCustomTag
{
    [JsonPropertyName("literal")]
    public TracingLiteral? Literal { get; init; }

    [JsonPropertyName("environment")]
    public TracingTagSource? Environment { get; init; }

    [JsonPropertyName("header")]
    public TracingTagSource? Header { get; init; }
}
