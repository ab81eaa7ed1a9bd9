using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A cookie to hash on; generated with the ttl when absent.</summary>
public sealed record HttpCookie
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("ttl")]
    public string? Ttl { get; init; }
}
