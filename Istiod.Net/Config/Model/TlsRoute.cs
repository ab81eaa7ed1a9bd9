using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A route for TLS traffic, matched by SNI.</summary>
public sealed record TlsRoute
{
    [JsonPropertyName("match")]
    public IReadOnlyList<TlsMatchAttributes>? Match { get; init; }

    [JsonPropertyName("route")]
    public IReadOnlyList<RouteDestination>? Route { get; init; }
}
