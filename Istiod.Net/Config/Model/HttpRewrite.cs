using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Rewrites the path and/or authority before forwarding.</summary>
public sealed record HttpRewrite
{
    [JsonPropertyName("uri")]
    public string? Uri { get; init; }

    [JsonPropertyName("authority")]
    public string? Authority { get; init; }

    [JsonPropertyName("uriRegexRewrite")]
    public RegexRewrite? UriRegexRewrite { get; init; }
}
