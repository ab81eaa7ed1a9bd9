using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Names an extension provider from MeshConfig (CUSTOM authorization, telemetry backends).</summary>
public sealed record ExtensionProviderRef
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
