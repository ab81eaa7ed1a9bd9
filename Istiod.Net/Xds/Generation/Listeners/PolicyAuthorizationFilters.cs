using Istiod.Net.Config.Mesh;
using Istiod.Net.Push;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.RequestAuthn;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Fills the listeners' authorization seam from the security policies: RequestAuthentication becomes the
/// jwt_authn filter and AuthorizationPolicy the RBAC (and ext_authz) filters, for the proxy's own workload.
/// The key set behind a jwksUri comes from <paramref name="jwks"/> (the host's JWKS cache, which its refresher
/// fills and which re-pushes these listeners when keys land or rotate, through the RequestAuthentication read
/// recorded below). Until keys are there, or without a source, the issuer gets a key set that verifies
/// nothing: its tokens are refused, requests without a token pass (fail closed, as istiod's fake JWKS).
/// </summary>
public sealed class PolicyAuthorizationFilters(IJwksSource? jwks = null) : IAuthorizationFilterSource
{
    public const string AuthorizationPolicyKind = "AuthorizationPolicy";
    public const string RequestAuthenticationKind = "RequestAuthentication";

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind> { DependencyKind.ConfigKind };

    /// <summary>Chains of one generation share the builds: the target does not enter them (ports are matched inside the RBAC rules).</summary>
    public IWorkloadAuthorizationFilters For(GenerationContext context, DependencyRecorder read) =>
        new PolicyWorkloadAuthorizationFilters(context, read, jwks);

    /// <summary>The proxy's workload and the mesh's authorization settings; records the read of AuthorizationPolicy.</summary>
    internal static (AuthzWorkload Workload, AuthzOptions Options) Inputs(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Config(AuthorizationPolicyKind));
        var mesh = context.Push.Mesh;
        var workload = new AuthzWorkload
        {
            Namespace = context.Namespace,
            Labels = context.Workload?.Labels ?? new Dictionary<string, string>(),
        };
        var options = new AuthzOptions
        {
            RootNamespace = mesh.EffectiveRootNamespace,
            TrustDomain = mesh.EffectiveTrustDomain,
            TrustDomainAliases = mesh.TrustDomainAliases ?? [],
            ExtensionProviders = MeshExtAuthzProviders.From(mesh).Providers,
        };
        return (workload, options);
    }
}
