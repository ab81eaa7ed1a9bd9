using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Settings of the Wasm VM a plugin runs in.</summary>
public sealed record WasmVmConfig
{
    [JsonPropertyName("env")]
    public IReadOnlyList<WasmEnvVar>? Env { get; init; }
}
