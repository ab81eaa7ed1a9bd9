using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Where traffic from a region fails over to.</summary>
public sealed record LocalityFailover
{
    [JsonPropertyName("from")]
    public string? From { get; init; }

    [JsonPropertyName("to")]
    public string? To { get; init; }
}
