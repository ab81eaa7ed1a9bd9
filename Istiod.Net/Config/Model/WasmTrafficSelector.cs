using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Which traffic (mode and ports) a Wasm plugin applies to.</summary>
public sealed record WasmTrafficSelector
{
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("ports")]
    public IReadOnlyList<WasmPortSelector>? Ports { get; init; }
}
