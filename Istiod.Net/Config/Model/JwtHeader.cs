using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A header a JWT is read from, with an optional prefix to strip.</summary>
public sealed record JwtHeader
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }
}
