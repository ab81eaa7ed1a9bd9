using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of security.istio.io RequestAuthentication: which JWTs a workload accepts.</summary>
public sealed record RequestAuthenticationSpec
{
    [JsonPropertyName("selector")]
    public MatchLabelsSelector? Selector { get; init; }

    [JsonPropertyName("targetRef")]
    public PolicyTargetReference? TargetRef { get; init; }

    [JsonPropertyName("targetRefs")]
    public IReadOnlyList<PolicyTargetReference>? TargetRefs { get; init; }

    [JsonPropertyName("jwtRules")]
    public IReadOnlyList<JwtRule>? JwtRules { get; init; }
}
