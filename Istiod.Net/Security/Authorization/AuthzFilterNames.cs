namespace Istiod.Net.Security.Authorization;

/// <summary>The upstream Envoy filter names and the stat prefixes/metadata keys Istio's RBAC setup uses.</summary>
public static class AuthzFilterNames
{
    public const string HttpRbac = "envoy.filters.http.rbac";
    public const string NetworkRbac = "envoy.filters.network.rbac";
    public const string HttpExtAuthz = "envoy.filters.http.ext_authz";
    public const string NetworkExtAuthz = "envoy.filters.network.ext_authz";
    public const string JwtAuthn = "envoy.filters.http.jwt_authn";

    public const string TcpStatPrefix = "tcp.";
    public const string DryRunAllowPrefix = "istio_dry_run_allow_";
    public const string DryRunDenyPrefix = "istio_dry_run_deny_";
    public const string DryRunAuditPrefix = "istio_dry_run_audit_";
    public const string DryRunCustomPrefix = "istio_dry_run_custom_";
    public const string ExtAuthzShadowPrefix = "istio_ext_authz_";

    /// <summary>Names of CUSTOM rules start with this and the provider, so ext_authz runs only for its own provider's matches.</summary>
    public const string ExtAuthzPolicyPrefix = "istio-ext-authz";

    /// <summary>The key (after the shadow stat prefix) under which Envoy's RBAC filter records the matched shadow policy.</summary>
    public const string ShadowEffectivePolicyId = "shadow_effective_policy_id";

    public const string ShadowEngineResult = "shadow_engine_result";
}
