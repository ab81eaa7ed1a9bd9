using Envoy.Config.Listener.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Store;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;
using NetworkRbac = Envoy.Extensions.Filters.Network.Rbac.V3.RBAC;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// AuthorizationPolicy → Envoy filters for one workload. Pure: the same snapshot, workload and options
/// give equal output, so listener generators can call it per workload and cache by those inputs.
/// </summary>
/// <remarks>
/// The order is Istio's: CUSTOM (an RBAC filter that only records which CUSTOM rule matched, then
/// ext_authz enabled by that record), AUDIT, DENY, ALLOW. A request must pass every enforcing filter, so
/// CUSTOM and DENY reject first and ALLOW policies are the last word.
/// </remarks>
public static class AuthorizationFilterBuilder
{
    public static AuthorizationFilters Build(ConfigSnapshot snapshot, AuthzWorkload workload, AuthzOptions options) =>
        Build(AuthzPolicySelector.Select(snapshot, workload, options), options);

    public static AuthorizationFilters Build(AuthzPolicySet policies, AuthzOptions options)
    {
        if (policies.IsEmpty)
        {
            return AuthorizationFilters.None;
        }

        var bundle = TrustDomainBundle.From(options);
        var warnings = new List<string>();
        var http = new List<HttpFilter>();
        var network = new List<Filter>();
        AddCustom(policies.Custom, options, bundle, warnings, http, network);
        foreach (var (list, action) in new[]
        {
            (policies.Audit, RBAC.Types.Action.Log),
            (policies.Deny, RBAC.Types.Action.Deny),
            (policies.Allow, RBAC.Types.Action.Allow),
        })
        {
            if (list.Count == 0)
            {
                continue;
            }

            var forHttp = RbacRuleSetBuilder.Build(list, action, forTcp: false, bundle, warnings);
            http.Add(HttpRbacFilter(forHttp.Rules, forHttp.ShadowRules, ShadowPrefix(action)));
            var forTcp = RbacRuleSetBuilder.Build(list, action, forTcp: true, bundle, warnings);
            network.Add(NetworkRbacFilter(forTcp.Rules, forTcp.ShadowRules, ShadowPrefix(action)));
        }

        return new AuthorizationFilters(http, network) { Warnings = warnings };
    }

    public static HttpFilter HttpRbacFilter(RBAC? rules, RBAC? shadow, string shadowPrefix)
    {
        var config = new HttpRbac { Rules = rules, ShadowRules = shadow };
        if (shadow is not null)
        {
            config.ShadowRulesStatPrefix = shadowPrefix;
        }

        return new HttpFilter { Name = AuthzFilterNames.HttpRbac, TypedConfig = Any.Pack(config) };
    }

    public static Filter NetworkRbacFilter(RBAC? rules, RBAC? shadow, string shadowPrefix)
    {
        var config = new NetworkRbac { StatPrefix = AuthzFilterNames.TcpStatPrefix, Rules = rules, ShadowRules = shadow };
        if (shadow is not null)
        {
            config.ShadowRulesStatPrefix = shadowPrefix;
        }

        return new Filter { Name = AuthzFilterNames.NetworkRbac, TypedConfig = Any.Pack(config) };
    }

    private static string ShadowPrefix(RBAC.Types.Action action) => action switch
    {
        RBAC.Types.Action.Allow => AuthzFilterNames.DryRunAllowPrefix,
        RBAC.Types.Action.Deny => AuthzFilterNames.DryRunDenyPrefix,
        _ => AuthzFilterNames.DryRunAuditPrefix,
    };

    private static void AddCustom(
        IReadOnlyList<AuthzPolicy> policies, AuthzOptions options, TrustDomainBundle bundle, List<string> warnings, List<HttpFilter> http, List<Filter> network)
    {
        if (policies.Count == 0)
        {
            return;
        }

        var byProvider = policies
            .GroupBy(p => p.Spec.Provider?.Name ?? "", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToArray();
        // One workload, one external authorizer: with several, no single one can be trusted to decide,
        // so every CUSTOM match is denied (Istio's behaviour without its multi-provider feature flag).
        var tooMany = byProvider.Length > 1;
        if (tooMany)
        {
            warnings.Add($"CUSTOM policies name {byProvider.Length} providers ({string.Join(", ", byProvider.Select(g => g.Key))}); only one per workload is supported, denying their matches");
        }

        foreach (var group in byProvider)
        {
            var provider = group.Key;
            var prefix = $"{AuthzFilterNames.ExtAuthzPolicyPrefix}-{provider}-";
            var enforced = group.Where(p => !p.DryRun).ToArray();
            var dryRun = group.Where(p => p.DryRun).ToArray();
            ExtAuthzConfig? extAuthz = null;
            string? problem = "several CUSTOM providers on one workload";
            if (!tooMany)
            {
                var declared = options.ExtensionProviders.FirstOrDefault(p => p.Name == provider);
                extAuthz = declared is null ? null : ExtAuthzTranslator.Translate(declared, out problem);
                problem ??= declared is null ? $"provider \"{provider}\" is not in the mesh config's extensionProviders" : null;
            }

            if (enforced.Length > 0)
            {
                var forHttp = RbacRuleSetBuilder.Build(enforced, RBAC.Types.Action.Deny, false, bundle, warnings, prefix);
                var forTcp = RbacRuleSetBuilder.Build(enforced, RBAC.Types.Action.Deny, true, bundle, warnings, prefix);
                if (extAuthz is null)
                {
                    warnings.Add($"CUSTOM provider {provider}: {problem}; denying the requests its policies match");
                    http.Add(HttpRbacFilter(BadCustom(forHttp.Rules!), null, ""));
                    network.Add(NetworkRbacFilter(BadCustom(forTcp.Rules!), null, ""));
                }
                else
                {
                    // The RBAC filter only records the matched rule (shadow mode); ext_authz runs when the record
                    // names this provider, so requests no CUSTOM rule matches never reach the authorizer.
                    var enabled = EnabledBy(prefix + "ns[", AuthzFilterNames.HttpRbac);
                    extAuthz.Http.FilterEnabledMetadata = enabled;
                    http.Add(HttpRbacFilter(null, forHttp.Rules, AuthzFilterNames.ExtAuthzShadowPrefix));
                    http.Add(new HttpFilter { Name = AuthzFilterNames.HttpExtAuthz, TypedConfig = Any.Pack(extAuthz.Http) });
                    if (extAuthz.Network is { } tcp)
                    {
                        tcp.FilterEnabledMetadata = EnabledBy(prefix + "ns[", AuthzFilterNames.NetworkRbac);
                        network.Add(NetworkRbacFilter(null, forTcp.Rules, AuthzFilterNames.ExtAuthzShadowPrefix));
                        network.Add(new Filter { Name = AuthzFilterNames.NetworkExtAuthz, TypedConfig = Any.Pack(tcp) });
                    }
                }
            }

            if (dryRun.Length > 0)
            {
                // Dry-run CUSTOM rules are recorded under their own prefix so they never switch ext_authz on.
                http.Add(HttpRbacFilter(null, RbacRuleSetBuilder.Build(dryRun, RBAC.Types.Action.Deny, false, bundle, warnings, prefix).ShadowRules, AuthzFilterNames.DryRunCustomPrefix));
                network.Add(NetworkRbacFilter(null, RbacRuleSetBuilder.Build(dryRun, RBAC.Types.Action.Deny, true, bundle, warnings, prefix).ShadowRules, AuthzFilterNames.DryRunCustomPrefix));
            }
        }
    }

    private static MetadataMatcher EnabledBy(string policyPrefix, string rbacFilter) =>
        RbacMatchers.Metadata(
            rbacFilter,
            [AuthzFilterNames.ExtAuthzShadowPrefix + AuthzFilterNames.ShadowEffectivePolicyId],
            new ValueMatcher { StringMatch = new StringMatcher { Prefix = policyPrefix } });

    private static RBAC BadCustom(RBAC rules)
    {
        var deny = new RBAC { Action = RBAC.Types.Action.Deny };
        foreach (var (name, policy) in rules.Policies)
        {
            deny.Policies[name + "-deny-due-to-bad-CUSTOM-action"] = policy;
        }

        return deny;
    }
}
