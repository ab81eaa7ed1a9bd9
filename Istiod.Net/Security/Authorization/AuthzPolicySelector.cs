using Istiod.Net.Config.Model;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// Picks the AuthorizationPolicies that apply to a workload: those in the root namespace (mesh-wide) and
/// those in the workload's namespace, each narrowed by its selector or, instead, its target references.
/// </summary>
public static class AuthzPolicySelector
{
    public const string DryRunAnnotation = "istio.io/dry-run";

    public static AuthzPolicySet Select(ConfigSnapshot snapshot, AuthzWorkload workload, AuthzOptions options)
    {
        var custom = new List<AuthzPolicy>();
        var deny = new List<AuthzPolicy>();
        var allow = new List<AuthzPolicy>();
        var audit = new List<AuthzPolicy>();
        foreach (var config in snapshot.List(ConfigSchemas.AuthorizationPolicy.Kind).Concat(LegacyPolicies(snapshot, options)))
        {
            var ns = config.Meta.Namespace;
            if (ns != workload.Namespace && ns != options.RootNamespace)
            {
                continue;
            }

            if (config.Spec is not AuthorizationPolicySpec spec || !Applies(spec.Selector, spec.TargetRef, spec.TargetRefs, ns, workload))
            {
                continue;
            }

            var policy = new AuthzPolicy(ns, config.Meta.Name, spec, IsDryRun(config.Meta));
            (policy.Action switch
            {
                AuthorizationAction.Custom => custom,
                AuthorizationAction.Deny => deny,
                AuthorizationAction.Audit => audit,
                _ => allow,
            }).Add(policy);
        }

        return new AuthzPolicySet(custom, deny, allow, audit);
    }

    /// <summary>The seeds' RBAC objects, translated to the policies they amount to (none when there are none).</summary>
    public static IReadOnlyList<ConfigObject> LegacyPolicies(ConfigSnapshot snapshot, AuthzOptions options)
    {
        var bindings = snapshot.List(ConfigSchemas.ServiceRoleBinding.Kind);
        var clusterConfigs = snapshot.List(ConfigSchemas.ClusterRbacConfig.Kind);
        if (bindings.Count == 0 && clusterConfigs.Count == 0)
        {
            return [];
        }

        return Legacy.LegacyRbacConverter.Convert(
            snapshot.List(ConfigSchemas.ServiceRole.Kind).Concat(bindings).Concat(clusterConfigs), options.RootNamespace).Policies;
    }

    /// <summary>Go's strconv.ParseBool spellings, as Istio reads the annotation; anything else is not dry-run.</summary>
    public static bool IsDryRun(ConfigMeta meta) =>
        meta.Annotations.TryGetValue(DryRunAnnotation, out var value)
        && value is "1" or "t" or "T" or "true" or "TRUE" or "True";

    /// <summary>
    /// Whether a security policy in <paramref name="policyNamespace"/> binds to the workload by its selector or
    /// target references. The caller has already checked the namespace is the workload's or the root.
    /// </summary>
    public static bool Applies(
        MatchLabelsSelector? selector,
        PolicyTargetReference? targetRef,
        IReadOnlyList<PolicyTargetReference>? targetRefs,
        string policyNamespace,
        AuthzWorkload workload)
    {
        var targets = new List<PolicyTargetReference>();
        if (targetRef is { } single)
        {
            targets.Add(single);
        }

        targets.AddRange((targetRefs ?? []).Where(t => t is not null));
        if (targets.Count > 0)
        {
            // A targeted policy binds to what it names and nothing else; its selector (which validation
            // forbids alongside) is not consulted.
            return targets.Any(t => Targets(t, policyNamespace, workload));
        }

        foreach (var (key, value) in selector?.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!workload.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Targets(PolicyTargetReference target, string policyNamespace, AuthzWorkload workload)
    {
        var ns = string.IsNullOrEmpty(target.Namespace) ? policyNamespace : target.Namespace;
        if (ns != workload.Namespace || string.IsNullOrEmpty(target.Name))
        {
            return false;
        }

        return target.Kind switch
        {
            "Gateway" => workload.Labels.TryGetValue(AuthzWorkload.GatewayNameLabel, out var gateway) && gateway == target.Name,
            "Service" or "ServiceEntry" => workload.Services.Contains(target.Name, StringComparer.Ordinal),
            _ => false,
        };
    }
}
