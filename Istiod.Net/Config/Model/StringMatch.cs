using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Exact, prefix or RE2 regex string match; exactly one should be set.</summary>
public sealed record StringMatch
{
    [JsonPropertyName("exact")]
    public string? Exact { get; init; }

    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }

    [JsonPropertyName("regex")]
    public string? Regex { get; init; }
}
