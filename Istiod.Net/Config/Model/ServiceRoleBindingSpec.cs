using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of rbac.istio.io/v1alpha1 ServiceRoleBinding (deprecated): grants a ServiceRole to subjects.</summary>
public sealed record ServiceRoleBindingSpec
{
    [JsonPropertyName("subjects")]
    public IReadOnlyList<RbacSubject>? Subjects { get; init; }

    [JsonPropertyName("roleRef")]
    public RbacRoleRef? RoleRef { get; init; }

    /// <summary>Shorthand for roleRef with kind ServiceRole.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>ENFORCED (default) or PERMISSIVE (evaluated and logged, not enforced).</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }
}
