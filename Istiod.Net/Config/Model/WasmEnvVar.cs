using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An environment variable given to a Wasm VM: an inline value or one taken from the host.</summary>
public sealed record WasmEnvVar
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("valueFrom")]
    public string? ValueFrom { get; init; }

    [JsonPropertyName("value")]
    public string? Value { get; init; }
}
