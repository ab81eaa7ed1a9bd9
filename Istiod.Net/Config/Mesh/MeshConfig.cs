using System.Text.Json.Serialization;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Mesh;

/// <summary>
/// The mesh-wide settings of Istio's MeshConfig that the control plane reads (field names as in Istio's
/// <c>mesh</c> ConfigMap key). Unset fields take Istio's defaults through the accessors below.
/// </summary>
public sealed record MeshConfig
{
    public static readonly MeshConfig Default = new();

    /// <summary>The namespace whose policies without a selector apply mesh-wide.</summary>
    [JsonPropertyName("rootNamespace")]
    public string? RootNamespace { get; init; }

    [JsonPropertyName("trustDomain")]
    public string? TrustDomain { get; init; }

    /// <summary>Other trust domains whose identities count as this mesh's (policy principals).</summary>
    [JsonPropertyName("trustDomainAliases")]
    public IReadOnlyList<string>? TrustDomainAliases { get; init; }

    [JsonPropertyName("outboundTrafficPolicy")]
    public OutboundTrafficPolicy? OutboundTrafficPolicy { get; init; }

    /// <summary>Send mTLS to destinations whose endpoints carry <c>security.istio.io/tlsMode: istio</c>.</summary>
    [JsonPropertyName("enableAutoMtls")]
    public bool? EnableAutoMtls { get; init; }

    [JsonPropertyName("connectTimeout")]
    public string? ConnectTimeout { get; init; }

    [JsonPropertyName("localityLbSetting")]
    public LocalityLbSetting? LocalityLbSetting { get; init; }

    [JsonPropertyName("extensionProviders")]
    public IReadOnlyList<MeshExtensionProvider>? ExtensionProviders { get; init; }

    [JsonIgnore]
    public string EffectiveRootNamespace => string.IsNullOrEmpty(RootNamespace) ? "istio-system" : RootNamespace;

    [JsonIgnore]
    public string EffectiveTrustDomain => string.IsNullOrEmpty(TrustDomain) ? "cluster.local" : TrustDomain;

    [JsonIgnore]
    public OutboundTrafficMode EffectiveOutboundMode => OutboundTrafficPolicy?.Mode ?? OutboundTrafficMode.AllowAny;

    [JsonIgnore]
    public bool EffectiveAutoMtls => EnableAutoMtls ?? true;
}
