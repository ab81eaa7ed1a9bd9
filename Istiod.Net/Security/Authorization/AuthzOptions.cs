using Istiod.Net.Config.Mesh;

namespace Istiod.Net.Security.Authorization;

/// <summary>Mesh-wide settings the translation needs: the root namespace, trust domains and CUSTOM providers.</summary>
public sealed record AuthzOptions
{
    public static readonly AuthzOptions Default = new();

    /// <summary>Policies here apply to every workload of the mesh.</summary>
    public string RootNamespace { get; init; } = "istio-system";

    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>Other trust domains whose identities count as this one's (a trust-domain migration).</summary>
    public IReadOnlyList<string> TrustDomainAliases { get; init; } = [];

    /// <summary>The mesh config's <c>extensionProviders</c> that CUSTOM policies name.</summary>
    public IReadOnlyList<ExtAuthzProvider> ExtensionProviders { get; init; } = [];
}
