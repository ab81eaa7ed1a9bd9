using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An RE2 pattern and its replacement.</summary>
public sealed record RegexRewrite
{
    [JsonPropertyName("match")]
    public string? Match { get; init; }

    [JsonPropertyName("rewrite")]
    public string? Rewrite { get; init; }
}
