using Istiod.Net.Config.Model;
using Istiod.Net.Config.Schema;

namespace Istiod.Net.Security.Authorization.Legacy;

/// <summary>
/// Rewrites the seeds' RBAC (rbac.istio.io/v1alpha1) as AuthorizationPolicies with the same decisions.
/// A binding grants its role's rules to its subjects, so each binding becomes an ALLOW policy with one
/// rule per (role rule × subject); PERMISSIVE bindings become dry-run. Legacy RBAC denies by default
/// where ClusterRbacConfig enables it, which becomes an ALLOW policy without rules (deny-all) in those
/// namespaces (or the root namespace for mode ON) and an allow-all policy in excluded namespaces.
/// </summary>
/// <remarks>
/// A role rule's <c>services</c> named the destination service; here it becomes a host match on the
/// service's names (with or without port), since a policy cannot name a service otherwise without the
/// registry. A constraint or property with no AuthorizationPolicy equivalent drops its rule (never
/// widening an ALLOW) and is reported.
/// </remarks>
public static class LegacyRbacConverter
{
    public static LegacyRbacConversion Convert(IEnumerable<ConfigObject> configs, string rootNamespace = "istio-system")
    {
        var all = configs.ToArray();
        var warnings = new List<string>();
        var policies = new List<ConfigObject>();
        var roles = all.Where(c => c.Kind == ConfigSchemas.ServiceRole.Kind && c.Spec is ServiceRoleSpec)
            .ToDictionary(c => (c.Meta.Namespace, c.Meta.Name), c => (ServiceRoleSpec)c.Spec);

        var clusterConfig = all.FirstOrDefault(c => c.Kind == ConfigSchemas.ClusterRbacConfig.Kind)?.Spec as ClusterRbacConfigSpec;
        var bindings = all.Where(c => c.Kind == ConfigSchemas.ServiceRoleBinding.Kind && c.Spec is ServiceRoleBindingSpec).ToArray();
        if (clusterConfig is null && bindings.Length > 0)
        {
            warnings.Add("no ClusterRbacConfig: the bindings are converted as if RBAC were ON for their namespaces");
        }

        if (clusterConfig is not null)
        {
            AddDefaults(clusterConfig, rootNamespace, policies, warnings);
            if (clusterConfig.Mode is null or "" or "OFF")
            {
                // RBAC off: bindings never took effect, and converting them would start enforcing them.
                return new LegacyRbacConversion(policies, warnings);
            }
        }

        foreach (var binding in bindings)
        {
            var spec = (ServiceRoleBindingSpec)binding.Spec;
            var roleName = spec.RoleRef?.Name is { Length: > 0 } name ? name : spec.Role ?? "";
            if (!roles.TryGetValue((binding.Meta.Namespace, roleName), out var role))
            {
                warnings.Add($"ServiceRoleBinding {binding.Meta.Namespace}/{binding.Meta.Name}: ServiceRole \"{roleName}\" not found; nothing granted");
                continue;
            }

            var rules = new List<AuthorizationRule>();
            foreach (var roleRule in role.Rules ?? [])
            {
                foreach (var subject in spec.Subjects ?? [])
                {
                    if (roleRule is not null && subject is not null && ConvertRule(roleRule, subject, binding, warnings) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }

            var annotations = new Dictionary<string, string>();
            if (spec.Mode == "PERMISSIVE" || clusterConfig?.EnforcementMode == "PERMISSIVE")
            {
                annotations[AuthzPolicySelector.DryRunAnnotation] = "true";
            }

            policies.Add(Policy(binding.Meta.Namespace, $"{binding.Meta.Name}", new AuthorizationPolicySpec { Action = AuthorizationAction.Allow, Rules = rules }, annotations));
        }

        return new LegacyRbacConversion(policies, warnings);
    }

    private static void AddDefaults(ClusterRbacConfigSpec config, string rootNamespace, List<ConfigObject> policies, List<string> warnings)
    {
        var denyAll = new AuthorizationPolicySpec();
        var allowAll = new AuthorizationPolicySpec { Rules = [new AuthorizationRule()] };
        switch (config.Mode)
        {
            case "ON":
                policies.Add(Policy(rootNamespace, "rbac-default-deny", denyAll));
                break;
            case "ON_WITH_INCLUSION":
                foreach (var ns in config.Inclusion?.Namespaces ?? [])
                {
                    policies.Add(Policy(ns, "rbac-default-deny", denyAll));
                }

                if (config.Inclusion?.Services is { Count: > 0 })
                {
                    warnings.Add("ClusterRbacConfig inclusion.services needs workload selectors; included services are not made deny-by-default");
                }

                break;
            case "ON_WITH_EXCLUSION":
                policies.Add(Policy(rootNamespace, "rbac-default-deny", denyAll));
                foreach (var ns in config.Exclusion?.Namespaces ?? [])
                {
                    policies.Add(Policy(ns, "rbac-excluded-allow-all", allowAll));
                }

                if (config.Exclusion?.Services is { Count: > 0 })
                {
                    warnings.Add("ClusterRbacConfig exclusion.services needs workload selectors; excluded services stay deny-by-default");
                }

                break;
        }
    }

    private static AuthorizationRule? ConvertRule(ServiceRoleRule roleRule, RbacSubject subject, ConfigObject binding, List<string> warnings)
    {
        var where = $"ServiceRoleBinding {binding.Meta.Namespace}/{binding.Meta.Name}";
        var when = new List<AuthorizationCondition>();
        var operation = new AuthorizationOperation
        {
            Hosts = Hosts(roleRule.Services),
            NotHosts = Hosts(roleRule.NotServices),
            Paths = Nonempty(roleRule.Paths),
            NotPaths = Nonempty(roleRule.NotPaths),
            Methods = Nonempty(roleRule.Methods?.Where(m => m != "*").ToArray()),
            NotMethods = Nonempty(roleRule.NotMethods),
            Ports = Nonempty(roleRule.Ports?.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
            NotPorts = Nonempty(roleRule.NotPorts?.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
        };
        foreach (var constraint in roleRule.Constraints ?? [])
        {
            var key = constraint?.Key ?? "";
            if (!IsConvertibleKey(key))
            {
                warnings.Add($"{where}: constraint \"{key}\" has no AuthorizationPolicy equivalent; the rule is dropped");
                return null;
            }

            when.Add(new AuthorizationCondition { Key = key, Values = constraint!.Values });
        }

        var source = new AuthorizationSource
        {
            Principals = Nonempty(Concat(subject.User is { Length: > 0 } u && u != "*" ? [u] : [], subject.Names)),
            NotPrincipals = Nonempty(subject.NotNames),
            Namespaces = Nonempty(subject.Namespaces),
            NotNamespaces = Nonempty(subject.NotNamespaces),
            IpBlocks = Nonempty(subject.Ips),
            NotIpBlocks = Nonempty(subject.NotIps),
        };
        var groups = Concat(subject.Group is { Length: > 0 } g && g != "*" ? [g] : [], subject.Groups);
        if (groups.Count > 0)
        {
            when.Add(new AuthorizationCondition { Key = "request.auth.claims[groups]", Values = groups });
        }

        if (subject.NotGroups is { Count: > 0 } notGroups)
        {
            when.Add(new AuthorizationCondition { Key = "request.auth.claims[groups]", NotValues = notGroups });
        }

        foreach (var (key, value) in subject.Properties ?? new Dictionary<string, string>())
        {
            if (!IsConvertibleKey(key))
            {
                warnings.Add($"{where}: property \"{key}\" has no AuthorizationPolicy equivalent; the rule is dropped");
                return null;
            }

            when.Add(new AuthorizationCondition { Key = key, Values = [value] });
        }

        var hasSource = source.Principals is not null || source.NotPrincipals is not null || source.Namespaces is not null
            || source.NotNamespaces is not null || source.IpBlocks is not null || source.NotIpBlocks is not null;
        return new AuthorizationRule
        {
            From = hasSource ? [new AuthorizationFrom { Source = source }] : null,
            To = [new AuthorizationTo { Operation = operation }],
            When = when.Count > 0 ? when : null,
        };
    }

    private static bool IsConvertibleKey(string key) =>
        key is "source.ip" or "source.namespace" or "source.principal" or "request.auth.principal" or "request.auth.audiences"
            or "request.auth.presenter" or "destination.ip" or "destination.port" or "connection.sni" or "remote.ip"
        || (key.StartsWith("request.headers[", StringComparison.Ordinal) && key.EndsWith(']'))
        || (key.StartsWith("request.auth.claims[", StringComparison.Ordinal) && key.EndsWith(']'))
        || key.StartsWith("experimental.envoy.filters.", StringComparison.Ordinal);

    /// <summary>A service FQDN as the Host header carries it: the name as given, and with any port.</summary>
    private static IReadOnlyList<string>? Hosts(IReadOnlyList<string>? services)
    {
        if (services is not { Count: > 0 } || services.Contains("*"))
        {
            return null;
        }

        return services.SelectMany(HostForms).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary><c>name.ns.svc.cluster.local</c> is also reached as <c>name</c>, <c>name.ns</c> and <c>name.ns.svc</c>, each with or without a port.</summary>
    private static IEnumerable<string> HostForms(string service)
    {
        if (service.StartsWith('*') || service.EndsWith('*'))
        {
            return [service];
        }

        var parts = service.Split('.');
        var names = new List<string> { service };
        if (parts.Length >= 3 && parts[2] == "svc")
        {
            names.AddRange([parts[0], $"{parts[0]}.{parts[1]}", $"{parts[0]}.{parts[1]}.svc"]);
        }

        return names.SelectMany(n => new[] { n, n + ":*" });
    }

    private static IReadOnlyList<string>? Nonempty(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values : null;

    private static List<string> Concat(IEnumerable<string> first, IReadOnlyList<string>? second) => first.Concat(second ?? []).ToList();

    private static ConfigObject Policy(string ns, string name, AuthorizationPolicySpec spec, IReadOnlyDictionary<string, string>? annotations = null) =>
        new(ConfigSchemas.AuthorizationPolicy.Kind, new ConfigMeta { Name = name, Namespace = ns, Annotations = annotations ?? new Dictionary<string, string>() }, spec);
}
