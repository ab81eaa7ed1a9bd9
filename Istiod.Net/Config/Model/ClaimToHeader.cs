using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Copies a JWT claim into a request header.</summary>
public sealed record ClaimToHeader
{
    [JsonPropertyName("header")]
    public string? Header { get; init; }

    [JsonPropertyName("claim")]
    public string? Claim { get; init; }
}
