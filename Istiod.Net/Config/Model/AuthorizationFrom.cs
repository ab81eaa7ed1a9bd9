using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A <c>from</c> entry of an authorization rule.</summary>
public sealed record AuthorizationFrom
{
    [JsonPropertyName("source")]
    public AuthorizationSource? Source { get; init; }
}
