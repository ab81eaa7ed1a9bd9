using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A weighted destination of an HTTP route, with header changes applied when it is chosen.</summary>
public sealed record HttpRouteDestination
{
    [JsonPropertyName("destination")]
    public Destination? Destination { get; init; }

    [JsonPropertyName("weight")]
    public int? Weight { get; init; }

    [JsonPropertyName("headers")]
    public Headers? Headers { get; init; }
}
