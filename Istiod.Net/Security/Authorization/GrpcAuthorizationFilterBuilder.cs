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
/// for ALLOW, dropped value for DENY). Each filter has a name of its own: gRPC NACKs a listener whose HTTP
/// filters share a name (gRFC A39), which a DENY and an ALLOW filter both named envoy.filters.http.rbac would.
/// </summary>
public static class GrpcAuthorizationFilterBuilder
{
    public const string CustomFilterName = AuthzFilterNames.HttpRbac + ".custom";
    public const string DenyFilterName = AuthzFilterNames.HttpRbac + ".deny";
    public const string AllowFilterName = AuthzFilterNames.HttpRbac + ".allow";

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

            filters.Add(Named(AuthorizationFilterBuilder.HttpRbacFilter(deny, null, ""), CustomFilterName));
        }

        foreach (var (list, action, name) in new[] { (policies.Deny, RBAC.Types.Action.Deny, DenyFilterName), (policies.Allow, RBAC.Types.Action.Allow, AllowFilterName) })
        {
            var enforced = list.Where(p => !p.DryRun).ToArray();
            if (enforced.Length > 0)
            {
                var rules = RbacRuleSetBuilder.Build(enforced, action, forTcp: false, bundle, warnings, forGrpc: true).Rules;
                filters.Add(Named(AuthorizationFilterBuilder.HttpRbacFilter(rules, null, ""), name));
            }
        }

        return filters;
    }

    // gRPC picks a filter's implementation by its config's type URL, so the name is free to differ.
    private static HttpFilter Named(HttpFilter filter, string name)
    {
        filter.Name = name;
        return filter;
    }
}
