using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The peer identities and addresses an authorization rule matches.</summary>
public sealed record AuthorizationSource
{
    [JsonPropertyName("principals")]
    public IReadOnlyList<string>? Principals { get; init; }

    [JsonPropertyName("notPrincipals")]
    public IReadOnlyList<string>? NotPrincipals { get; init; }

    [JsonPropertyName("requestPrincipals")]
    public IReadOnlyList<string>? RequestPrincipals { get; init; }

    [JsonPropertyName("notRequestPrincipals")]
    public IReadOnlyList<string>? NotRequestPrincipals { get; init; }

    [JsonPropertyName("namespaces")]
    public IReadOnlyList<string>? Namespaces { get; init; }

    [JsonPropertyName("notNamespaces")]
    public IReadOnlyList<string>? NotNamespaces { get; init; }

    [JsonPropertyName("serviceAccounts")]
    public IReadOnlyList<string>? ServiceAccounts { get; init; }

    [JsonPropertyName("notServiceAccounts")]
    public IReadOnlyList<string>? NotServiceAccounts { get; init; }

    [JsonPropertyName("ipBlocks")]
    public IReadOnlyList<string>? IpBlocks { get; init; }

    [JsonPropertyName("notIpBlocks")]
    public IReadOnlyList<string>? NotIpBlocks { get; init; }

    [JsonPropertyName("remoteIpBlocks")]
    public IReadOnlyList<string>? RemoteIpBlocks { get; init; }

    [JsonPropertyName("notRemoteIpBlocks")]
    public IReadOnlyList<string>? NotRemoteIpBlocks { get; init; }

    [JsonPropertyName("trustDomains")]
    public IReadOnlyList<string>? TrustDomains { get; init; }

    [JsonPropertyName("notTrustDomains")]
    public IReadOnlyList<string>? NotTrustDomains { get; init; }
}
