using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Model;

/// <summary>Where an EnvoyFilter patch applies; the listener/route/cluster matches are kept as JSON until patches are applied.</summary>
public sealed record EnvoyFilterMatch
{
    [JsonPropertyName("context")]
    public string? Context { get; init; }

    [JsonPropertyName("proxy")]
    public JsonObject? Proxy { get; init; }

    [JsonPropertyName("listener")]
    public JsonObject? Listener { get; init; }

    [JsonPropertyName("routeConfiguration")]
    public JsonObject? RouteConfiguration { get; init; }

    [JsonPropertyName("cluster")]
    public JsonObject? Cluster { get; init; }

    [JsonPropertyName("waypoint")]
    public EnvoyWaypointMatch? Waypoint { get; init; }
}
