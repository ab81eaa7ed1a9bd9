using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of security.istio.io AuthorizationPolicy: access control for workloads.</summary>
public sealed record AuthorizationPolicySpec
{
    [JsonPropertyName("selector")]
    public MatchLabelsSelector? Selector { get; init; }

    [JsonPropertyName("targetRef")]
    public PolicyTargetReference? TargetRef { get; init; }

    [JsonPropertyName("targetRefs")]
    public IReadOnlyList<PolicyTargetReference>? TargetRefs { get; init; }

    [JsonPropertyName("rules")]
    public IReadOnlyList<AuthorizationRule>? Rules { get; init; }

    [JsonPropertyName("action")]
    public AuthorizationAction? Action { get; init; }

    [JsonPropertyName("provider")]
    public ExtensionProviderRef? Provider { get; init; }
}
