using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
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

    public IReadOnlyList<HttpFilter> HttpFilters(GenerationContext context, AuthorizationTarget target, DependencyRecorder read)
    {
        var (workload, options) = Inputs(context, read);
        var filters = new List<HttpFilter>();
        read.Add(Dependency.Config(RequestAuthenticationKind));
        if (JwtFilterBuilder.Build(context.Push.Config, workload, options, jwks) is { } jwt)
        {
            filters.Add(jwt);
        }

        filters.AddRange(AuthorizationFilterBuilder.Build(context.Push.Config, workload, options).Http);
        return filters;
    }

    public IReadOnlyList<Filter> NetworkFilters(GenerationContext context, AuthorizationTarget target, DependencyRecorder read)
    {
        var (workload, options) = Inputs(context, read);
        return AuthorizationFilterBuilder.Build(context.Push.Config, workload, options).Network;
    }

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
        };
        return (workload, options);
    }
}
