using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Selects workloads by labels, as security and telemetry policies spell it (<c>matchLabels</c>).</summary>
public sealed record MatchLabelsSelector
{
    [JsonPropertyName("matchLabels")]
    public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }
}
