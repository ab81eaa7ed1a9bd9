using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A percentage from 0.0 to 100.0.</summary>
public sealed record Percent
{
    [JsonPropertyName("value")]
    public double? Value { get; init; }
}
