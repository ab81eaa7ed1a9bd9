using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// The same policies for proxyless gRPC servers (xDS RBAC, gRFC A41): HTTP RBAC filters for the
/// server-side HttpConnectionManager, limited to what gRPC accepts. gRPC ignores LOG, has no ext_authz
/// and no shadow rules, and NACKs uri_template and grpc-* / :scheme header matchers, so:
/// AUDIT and dry-run policies are left out, CUSTOM policies deny what they match (failing closed, as
/// Istio does for a CUSTOM provider it cannot use), and unusable values follow the TCP rule (dropped rule
/// for ALLOW, dropped value for DENY).
/// </summary>
public static class GrpcAuthorizationFilterBuilder
{
    public static IReadOnlyList<HttpFilter> Build(ConfigSnapshot snapshot, AuthzWorkload workload, AuthzOptions options, List<string>? warnings = null) =>
        Build(AuthzPolicySelector.Select(snapshot, workload, options), options, warnings);

    public static IReadOnlyList<HttpFilter> Build(AuthzPolicySet policies, AuthzOptions options, List<string>? warnings = null)
    {
        warnings ??= [];
        var bundle = TrustDomainBundle.From(options);
        var filters = new List<HttpFilter>();
        var custom = policies.Custom.Where(p => !p.DryRun).ToArray();
        if (custom.Length > 0)
        {
            warnings.Add("proxyless gRPC cannot call an external authorizer; CUSTOM policies deny what they match");
            var rules = RbacRuleSetBuilder.Build(custom, RBAC.Types.Action.Deny, forTcp: false, bundle, warnings, $"{AuthzFilterNames.ExtAuthzPolicyPrefix}-", forGrpc: true).Rules!;
            var deny = new RBAC { Action = RBAC.Types.Action.Deny };
            foreach (var (name, policy) in rules.Policies)
            {
                deny.Policies[name + "-deny-due-to-unsupported-CUSTOM-action"] = policy;
            }

            filters.Add(AuthorizationFilterBuilder.HttpRbacFilter(deny, null, ""));
        }

        foreach (var (list, action) in new[] { (policies.Deny, RBAC.Types.Action.Deny), (policies.Allow, RBAC.Types.Action.Allow) })
        {
            var enforced = list.Where(p => !p.DryRun).ToArray();
            if (enforced.Length > 0)
            {
                var rules = RbacRuleSetBuilder.Build(enforced, action, forTcp: false, bundle, warnings, forGrpc: true).Rules;
                filters.Add(AuthorizationFilterBuilder.HttpRbacFilter(rules, null, ""));
            }
        }

        return filters;
    }
}
