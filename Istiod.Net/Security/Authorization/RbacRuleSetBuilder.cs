using Envoy.Config.Rbac.V3;
using static Istiod.Net.Security.Authorization.RbacMatchers;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// Builds the RBAC rules of one action from its policies, one Envoy policy per Istio rule, named
/// <c>ns[&lt;ns&gt;]-policy[&lt;name&gt;]-rule[&lt;i&gt;]</c> (the name Envoy reports in stats, logs and metadata).
/// Dry-run policies go to the shadow rules, which Envoy evaluates and reports but never enforces.
/// </summary>
public static class RbacRuleSetBuilder
{
    public static RbacRuleSet Build(
        IReadOnlyList<AuthzPolicy> policies,
        RBAC.Types.Action action,
        bool forTcp,
        TrustDomainBundle bundle,
        List<string> warnings,
        string namePrefix = "",
        bool forGrpc = false)
    {
        RBAC? rules = null;
        RBAC? shadow = null;
        foreach (var policy in policies)
        {
            var target = policy.DryRun
                ? shadow ??= new RBAC { Action = action }
                : rules ??= new RBAC { Action = action };
            AddPolicy(target, policy, action, forTcp, forGrpc, bundle, warnings, namePrefix);
        }

        return new RbacRuleSet(rules, shadow);
    }

    public static string PolicyName(string prefix, string ns, string name, int rule) => $"{prefix}ns[{ns}]-policy[{name}]-rule[{rule}]";

    private static void AddPolicy(RBAC target, AuthzPolicy policy, RBAC.Types.Action action, bool forTcp, bool forGrpc, TrustDomainBundle bundle, List<string> warnings, string namePrefix)
    {
        var rules = policy.Spec.Rules ?? [];
        if (rules.Count == 0)
        {
            // No rules: the policy exists but matches nothing (an ALLOW with no rules therefore denies all).
            target.Policies[PolicyName(namePrefix, policy.Namespace, policy.Name, 0)] = MatchNothing();
            return;
        }

        var translator = new RuleTranslator(bundle, policy.Namespace, strict: action == RBAC.Types.Action.Allow, forTcp, forGrpc);
        for (var i = 0; i < rules.Count; i++)
        {
            var name = PolicyName(namePrefix, policy.Namespace, policy.Name, i);
            if (rules[i] is not { } rule)
            {
                warnings.Add($"{name}: skipped empty rule");
                continue;
            }

            if (translator.Translate(rule, out var problem) is { } translated)
            {
                target.Policies[name] = translated;
            }
            else
            {
                warnings.Add($"{name}: skipped on {(forTcp ? "TCP" : "HTTP")} chain: {problem}");
            }
        }
    }

    private static Policy MatchNothing()
    {
        var policy = new Policy();
        policy.Permissions.Add(Not(AnyPermission()));
        policy.Principals.Add(Not(AnyPrincipal()));
        return policy;
    }
}
