using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Model;

/// <summary>Matches part of a waypoint proxy's configuration by port, filter or route (kept as JSON: Istiod.Net does not apply EnvoyFilters yet).</summary>
public sealed record EnvoyWaypointMatch
{
    [JsonPropertyName("portNumber")]
    public uint? PortNumber { get; init; }

    [JsonPropertyName("filter")]
    public JsonObject? Filter { get; init; }

    [JsonPropertyName("route")]
    public JsonObject? Route { get; init; }
}
