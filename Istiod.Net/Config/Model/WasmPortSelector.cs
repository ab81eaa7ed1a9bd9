using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A port a Wasm plugin is limited to.</summary>
public sealed record WasmPortSelector
{
    [JsonPropertyName("number")]
    public uint? Number { get; init; }
}
