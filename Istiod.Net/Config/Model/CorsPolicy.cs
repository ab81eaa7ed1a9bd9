using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Cross-origin resource sharing settings of a route.</summary>
public sealed record CorsPolicy
{
    [JsonPropertyName("allowOrigins")]
    public IReadOnlyList<StringMatch>? AllowOrigins { get; init; }

    [JsonPropertyName("allowOrigin")]
    public IReadOnlyList<string>? AllowOrigin { get; init; }

    [JsonPropertyName("allowMethods")]
    public IReadOnlyList<string>? AllowMethods { get; init; }

    [JsonPropertyName("allowHeaders")]
    public IReadOnlyList<string>? AllowHeaders { get; init; }

    [JsonPropertyName("exposeHeaders")]
    public IReadOnlyList<string>? ExposeHeaders { get; init; }

    [JsonPropertyName("maxAge")]
    public string? MaxAge { get; init; }

    [JsonPropertyName("allowCredentials")]
    public bool? AllowCredentials { get; init; }

    [JsonPropertyName("unmatchedPreflights")]
    public string? UnmatchedPreflights { get; init; }
}
