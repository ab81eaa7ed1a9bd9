using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A weighted destination of a TCP or TLS route.</summary>
public sealed record RouteDestination
{
    [JsonPropertyName("destination")]
    public Destination? Destination { get; init; }

    [JsonPropertyName("weight")]
    public int? Weight { get; init; }
}
