using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io EnvoyFilter: raw patches to generated Envoy config.</summary>
public sealed record EnvoyFilterSpec
{
    [JsonPropertyName("workloadSelector")]
    public WorkloadSelector? WorkloadSelector { get; init; }

    [JsonPropertyName("targetRefs")]
    public IReadOnlyList<PolicyTargetReference>? TargetRefs { get; init; }

    [JsonPropertyName("configPatches")]
    public IReadOnlyList<EnvoyConfigObjectPatch>? ConfigPatches { get; init; }

    [JsonPropertyName("priority")]
    public int? Priority { get; init; }
}
