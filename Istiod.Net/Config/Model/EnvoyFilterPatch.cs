using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Model;

/// <summary>What an EnvoyFilter patch does (operation) with which Envoy config (value).</summary>
public sealed record EnvoyFilterPatch
{
    [JsonPropertyName("operation")]
    public string? Operation { get; init; }

    [JsonPropertyName("value")]
    public JsonObject? Value { get; init; }

    [JsonPropertyName("filterClass")]
    public string? FilterClass { get; init; }
}
