using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A port of the destination service.</summary>
public sealed record PortSelector
{
    [JsonPropertyName("number")]
    public uint? Number { get; init; }
}
