using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A direct response body: text or base64 bytes.</summary>
public sealed record HttpBody
{
    [JsonPropertyName("string")]
    public string? String { get; init; }

    [JsonPropertyName("bytes")]
    public string? Bytes { get; init; }
}
