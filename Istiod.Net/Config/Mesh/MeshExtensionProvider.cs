using System.Text.Json;
using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Mesh;

/// <summary>
/// One entry of MeshConfig <c>extensionProviders</c>: a name that AuthorizationPolicy CUSTOM and Telemetry
/// refer to, and the provider's settings. Each kind keeps its raw JSON until a translator reads it, so a
/// provider kind we do not translate yet is still kept and reported rather than dropped.
/// </summary>
public sealed record MeshExtensionProvider
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("envoyExtAuthzHttp")]
    public JsonElement? EnvoyExtAuthzHttp { get; init; }

    [JsonPropertyName("envoyExtAuthzGrpc")]
    public JsonElement? EnvoyExtAuthzGrpc { get; init; }

    /// <summary>Every other provider kind (tracing, logging…), by field name.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Others { get; init; }
}
