using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Security;

/// <summary>
/// AuthorizationPolicy: CUSTOM goes with a provider and nothing else does; every source, operation and
/// condition is non-empty, uses only prefix/suffix wildcards, and addresses and ports parse.
/// </summary>
public sealed class AuthorizationPolicyValidator : SpecValidator<AuthorizationPolicySpec>
{
    public AuthorizationPolicyValidator()
    {
        RuleFor(p => p).Custom((spec, context) =>
        {
            PolicyTargeting.Check(spec.Selector, spec.TargetRef, spec.TargetRefs, context);
            if (spec.Action == AuthorizationAction.Custom && string.IsNullOrEmpty(spec.Provider?.Name))
            {
                context.AddError("provider", "a CUSTOM action needs a provider name");
            }

            if (spec.Action != AuthorizationAction.Custom && spec.Provider is not null)
            {
                context.AddError("provider", "provider may only be set with the CUSTOM action");
            }

            for (var r = 0; r < (spec.Rules?.Count ?? 0); r++)
            {
                CheckRule(spec.Rules![r], $"rules[{r}]", context);
            }
        });
    }

    private static void CheckRule(AuthorizationRule? rule, string path, ValidationContext<AuthorizationPolicySpec> context)
    {
        if (rule is null)
        {
            context.AddError(path, "rule must be an object");
            return;
        }

        if (rule.From is { Count: 0 })
        {
            context.AddError($"{path}.from", "`from` must not be empty when set");
        }

        for (var i = 0; i < (rule.From?.Count ?? 0); i++)
        {
            CheckSource(rule.From![i]?.Source, $"{path}.from[{i}].source", context);
        }

        if (rule.To is { Count: 0 })
        {
            context.AddError($"{path}.to", "`to` must not be empty when set");
        }

        for (var i = 0; i < (rule.To?.Count ?? 0); i++)
        {
            CheckOperation(rule.To![i]?.Operation, $"{path}.to[{i}].operation", context);
        }

        for (var i = 0; i < (rule.When?.Count ?? 0); i++)
        {
            CheckCondition(rule.When![i], $"{path}.when[{i}]", context);
        }
    }

    private static void CheckSource(AuthorizationSource? source, string path, ValidationContext<AuthorizationPolicySpec> context)
    {
        if (source is null)
        {
            context.AddError(path, "`source` must be set");
            return;
        }

        var matchLists = new (string Name, IReadOnlyList<string>? Values)[]
        {
            ("principals", source.Principals), ("notPrincipals", source.NotPrincipals),
            ("requestPrincipals", source.RequestPrincipals), ("notRequestPrincipals", source.NotRequestPrincipals),
            ("namespaces", source.Namespaces), ("notNamespaces", source.NotNamespaces),
            ("serviceAccounts", source.ServiceAccounts), ("notServiceAccounts", source.NotServiceAccounts),
            ("trustDomains", source.TrustDomains), ("notTrustDomains", source.NotTrustDomains),
        };
        var ipLists = new (string Name, IReadOnlyList<string>? Values)[]
        {
            ("ipBlocks", source.IpBlocks), ("notIpBlocks", source.NotIpBlocks),
            ("remoteIpBlocks", source.RemoteIpBlocks), ("notRemoteIpBlocks", source.NotRemoteIpBlocks),
        };
        if (matchLists.Concat(ipLists).All(l => l.Values is not { Count: > 0 }))
        {
            context.AddError(path, "`source` must set at least one field");
        }

        if ((source.ServiceAccounts is { Count: > 0 } || source.NotServiceAccounts is { Count: > 0 })
            && (source.Namespaces is { Count: > 0 } || source.NotNamespaces is { Count: > 0 }
                || source.Principals is { Count: > 0 } || source.NotPrincipals is { Count: > 0 }))
        {
            context.AddError($"{path}.serviceAccounts", "Cannot set serviceAccounts with namespaces or principals");
        }

        CheckValues(matchLists, path, AuthorizationValues.MatchProblem, context);
        CheckValues(ipLists, path, AuthorizationValues.IpProblem, context);
    }

    private static void CheckOperation(AuthorizationOperation? operation, string path, ValidationContext<AuthorizationPolicySpec> context)
    {
        if (operation is null)
        {
            context.AddError(path, "`operation` must be set");
            return;
        }

        var matchLists = new (string Name, IReadOnlyList<string>? Values)[]
        {
            ("hosts", operation.Hosts), ("notHosts", operation.NotHosts), ("methods", operation.Methods),
            ("notMethods", operation.NotMethods), ("paths", operation.Paths), ("notPaths", operation.NotPaths),
        };
        var portLists = new (string Name, IReadOnlyList<string>? Values)[] { ("ports", operation.Ports), ("notPorts", operation.NotPorts) };
        if (matchLists.Concat(portLists).All(l => l.Values is not { Count: > 0 }))
        {
            context.AddError(path, "`operation` must set at least one field");
        }

        // Paths may also use the {*} and {**} templates, whose braces make the plain wildcard rule too strict.
        CheckValues(matchLists.Where(l => l.Name is not ("paths" or "notPaths")).ToArray(), path, AuthorizationValues.MatchProblem, context);
        CheckValues(matchLists.Where(l => l.Name is "paths" or "notPaths").ToArray(), path, v => string.IsNullOrEmpty(v) ? "empty value is not allowed" : null, context);
        CheckValues(portLists, path, AuthorizationValues.PortProblem, context);
    }

    private static void CheckCondition(AuthorizationCondition? condition, string path, ValidationContext<AuthorizationPolicySpec> context)
    {
        if (condition is null)
        {
            context.AddError(path, "condition must be an object");
            return;
        }

        if (string.IsNullOrEmpty(condition.Key))
        {
            context.AddError($"{path}.key", "key must not be empty");
            return;
        }

        if (!AuthorizationConditionKeys.IsKnown(condition.Key))
        {
            context.AddError($"{path}.key", $"unknown attribute \"{condition.Key}\"");
        }

        if (condition.Values is not { Count: > 0 } && condition.NotValues is not { Count: > 0 })
        {
            context.AddError(path, $"at least one of values or notValues must be set for key \"{condition.Key}\"");
        }

        Func<string?, string?> check = AuthorizationConditionKeys.IsIpKey(condition.Key) ? AuthorizationValues.IpProblem
            : AuthorizationConditionKeys.IsPortKey(condition.Key) ? AuthorizationValues.PortProblem
            : AuthorizationValues.MatchProblem;
        CheckValues([("values", condition.Values), ("notValues", condition.NotValues)], path, check, context);
    }

    private static void CheckValues(
        IReadOnlyList<(string Name, IReadOnlyList<string>? Values)> lists,
        string path,
        Func<string?, string?> check,
        ValidationContext<AuthorizationPolicySpec> context)
    {
        foreach (var (name, values) in lists)
        {
            for (var i = 0; i < (values?.Count ?? 0); i++)
            {
                if (check(values![i]) is { } problem)
                {
                    context.AddError($"{path}.{name}[{i}]", problem);
                }
            }
        }
    }
}
