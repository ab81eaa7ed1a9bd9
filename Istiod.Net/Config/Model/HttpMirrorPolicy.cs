using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A mirror destination and the share of traffic it receives.</summary>
public sealed record HttpMirrorPolicy
{
    [JsonPropertyName("destination")]
    public Destination? Destination { get; init; }

    [JsonPropertyName("percentage")]
    public Percent? Percentage { get; init; }
}
