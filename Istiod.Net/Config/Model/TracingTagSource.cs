using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Where a custom tracing tag's value comes from (environment variable or request header) and its fallback.</summary>
public sealed record TracingTagSource
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("defaultValue")]
    public string? DefaultValue { get; init; }
}
