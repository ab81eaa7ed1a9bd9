using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of rbac.istio.io/v1alpha1 ClusterRbacConfig (deprecated): where legacy RBAC is enforced.</summary>
public sealed record ClusterRbacConfigSpec
{
    /// <summary>OFF, ON, ON_WITH_INCLUSION or ON_WITH_EXCLUSION.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("inclusion")]
    public RbacConfigTarget? Inclusion { get; init; }

    [JsonPropertyName("exclusion")]
    public RbacConfigTarget? Exclusion { get; init; }

    [JsonPropertyName("enforcementMode")]
    public string? EnforcementMode { get; init; }
}
