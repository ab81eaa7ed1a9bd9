using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>One patch of an EnvoyFilter: the kind of object it applies to, where, and how.</summary>
public sealed record EnvoyConfigObjectPatch
{
    [JsonPropertyName("applyTo")]
    public string? ApplyTo { get; init; }

    [JsonPropertyName("match")]
    public EnvoyFilterMatch? Match { get; init; }

    [JsonPropertyName("patch")]
    public EnvoyFilterPatch? Patch { get; init; }
}
