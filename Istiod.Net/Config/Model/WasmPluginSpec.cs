using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of extensions.istio.io WasmPlugin: a Wasm module added to proxies' filter chains.</summary>
public sealed record WasmPluginSpec
{
    [JsonPropertyName("selector")]
    public MatchLabelsSelector? Selector { get; init; }

    [JsonPropertyName("targetRef")]
    public PolicyTargetReference? TargetRef { get; init; }

    [JsonPropertyName("targetRefs")]
    public IReadOnlyList<PolicyTargetReference>? TargetRefs { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("imagePullPolicy")]
    public string? ImagePullPolicy { get; init; }

    [JsonPropertyName("imagePullSecret")]
    public string? ImagePullSecret { get; init; }

    [JsonPropertyName("verificationKey")]
    public string? VerificationKey { get; init; }

    [JsonPropertyName("pluginConfig")]
    public JsonObject? PluginConfig { get; init; }

    [JsonPropertyName("pluginName")]
    public string? PluginName { get; init; }

    [JsonPropertyName("phase")]
    public string? Phase { get; init; }

    [JsonPropertyName("priority")]
    public int? Priority { get; init; }

    [JsonPropertyName("failStrategy")]
    public string? FailStrategy { get; init; }

    [JsonPropertyName("vmConfig")]
    public WasmVmConfig? VmConfig { get; init; }

    [JsonPropertyName("match")]
    public IReadOnlyList<WasmTrafficSelector>? Match { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
