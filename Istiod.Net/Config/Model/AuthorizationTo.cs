using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A <c>to</c> entry of an authorization rule.</summary>
public sealed record AuthorizationTo
{
    [JsonPropertyName("operation")]
    public AuthorizationOperation? Operation { get; init; }
}
