using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>How traffic from one locality spreads over others, by weight.</summary>
public sealed record LocalityDistribute
{
    [JsonPropertyName("from")]
    public string? From { get; init; }

    [JsonPropertyName("to")]
    public IReadOnlyDictionary<string, uint>? To { get; init; }
}
