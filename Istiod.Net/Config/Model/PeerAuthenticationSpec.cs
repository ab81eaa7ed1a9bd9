using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of security.istio.io PeerAuthentication: how workloads accept mTLS.</summary>
public sealed record PeerAuthenticationSpec
{
    [JsonPropertyName("selector")]
    public MatchLabelsSelector? Selector { get; init; }

    [JsonPropertyName("mtls")]
    public PeerAuthenticationMtls? Mtls { get; init; }

    [JsonPropertyName("portLevelMtls")]
    public IReadOnlyDictionary<string, PeerAuthenticationMtls>? PortLevelMtls { get; init; }
}
