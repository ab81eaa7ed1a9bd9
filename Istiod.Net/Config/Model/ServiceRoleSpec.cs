using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of rbac.istio.io/v1alpha1 ServiceRole (deprecated): a set of permissions on services.</summary>
public sealed record ServiceRoleSpec
{
    [JsonPropertyName("rules")]
    public IReadOnlyList<ServiceRoleRule>? Rules { get; init; }
}
