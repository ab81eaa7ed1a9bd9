using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>How one JWT issuer's tokens are checked.</summary>
public sealed record JwtRule
{
    [JsonPropertyName("issuer")]
    public string? Issuer { get; init; }

    [JsonPropertyName("audiences")]
    public IReadOnlyList<string>? Audiences { get; init; }

    [JsonPropertyName("jwksUri")]
    public string? JwksUri { get; init; }

    [JsonPropertyName("jwks")]
    public string? Jwks { get; init; }

    [JsonPropertyName("fromHeaders")]
    public IReadOnlyList<JwtHeader>? FromHeaders { get; init; }

    [JsonPropertyName("fromParams")]
    public IReadOnlyList<string>? FromParams { get; init; }

    [JsonPropertyName("fromCookies")]
    public IReadOnlyList<string>? FromCookies { get; init; }

    [JsonPropertyName("outputPayloadToHeader")]
    public string? OutputPayloadToHeader { get; init; }

    [JsonPropertyName("forwardOriginalToken")]
    public bool? ForwardOriginalToken { get; init; }

    [JsonPropertyName("outputClaimToHeaders")]
    public IReadOnlyList<ClaimToHeader>? OutputClaimToHeaders { get; init; }

    [JsonPropertyName("spaceDelimitedClaims")]
    public IReadOnlyList<string>? SpaceDelimitedClaims { get; init; }

    [JsonPropertyName("presence")]
    public string? Presence { get; init; }

    [JsonPropertyName("timeout")]
    public string? Timeout { get; init; }
}
