using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A route for opaque TCP traffic.</summary>
public sealed record TcpRoute
{
    [JsonPropertyName("match")]
    public IReadOnlyList<L4MatchAttributes>? Match { get; init; }

    [JsonPropertyName("route")]
    public IReadOnlyList<RouteDestination>? Route { get; init; }
}
