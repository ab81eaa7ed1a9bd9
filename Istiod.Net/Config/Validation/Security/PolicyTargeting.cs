using System.Text.RegularExpressions;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Security;

/// <summary>
/// How security and telemetry policies pick workloads: a label selector or target references, never
/// both. Shared by AuthorizationPolicy, RequestAuthentication and Telemetry.
/// </summary>
public static partial class PolicyTargeting
{
    public static void Check<T>(
        MatchLabelsSelector? selector,
        PolicyTargetReference? targetRef,
        IReadOnlyList<PolicyTargetReference?>? targetRefs,
        ValidationContext<T> context)
    {
        var refCount = (targetRef is null ? 0 : 1) + (targetRefs is { Count: > 0 } ? 1 : 0);
        if (selector is not null && refCount > 0)
        {
            context.AddError("selector", "only one of targetRefs or selector can be set");
        }

        if (targetRef is not null && targetRefs is { Count: > 0 })
        {
            context.AddError("targetRefs", "only one of targetRefs or targetRef can be set");
        }

        CheckSelector(selector, "selector", context);
        var ownNamespace = context.ConfigObject()?.Meta.Namespace;
        if (targetRef is not null)
        {
            CheckReference(targetRef, "targetRef", ownNamespace, context);
        }

        for (var i = 0; i < (targetRefs?.Count ?? 0); i++)
        {
            if (targetRefs![i] is { } reference)
            {
                CheckReference(reference, $"targetRefs[{i}]", ownNamespace, context);
            }
            else
            {
                context.AddError($"targetRefs[{i}]", "must be an object");
            }
        }
    }

    /// <summary>Label selectors of policies: valid label syntax and no wildcards (a policy must name its workloads).</summary>
    public static void CheckSelector<T>(MatchLabelsSelector? selector, string field, ValidationContext<T> context)
    {
        foreach (var (key, value) in selector?.MatchLabels ?? new Dictionary<string, string>())
        {
            if (key.Contains('*', StringComparison.Ordinal))
            {
                context.AddError($"{field}.matchLabels[{key}]", "wildcard not allowed in label key match");
                continue;
            }

            if (value?.Contains('*', StringComparison.Ordinal) == true)
            {
                context.AddError($"{field}.matchLabels[{key}]", "wildcard not allowed in label value match");
                continue;
            }

            if (ConfigRules.LabelProblem(key, value) is { } problem)
            {
                context.AddError($"{field}.matchLabels[{key}]", problem);
            }
        }
    }

    private static void CheckReference<T>(PolicyTargetReference reference, string field, string? ownNamespace, ValidationContext<T> context)
    {
        if (string.IsNullOrEmpty(reference.Name))
        {
            context.AddError($"{field}.name", "Required value: name must be set");
        }

        if (string.IsNullOrEmpty(reference.Kind))
        {
            context.AddError($"{field}.kind", "Required value: kind must be set");
        }
        else if (!KindPattern().IsMatch(reference.Kind))
        {
            context.AddError($"{field}.kind", $"kind \"{reference.Kind}\" is not a valid Kubernetes kind name");
        }

        if (reference.Group is { Length: > 0 } group && (group.Length > 253 || !GroupPattern().IsMatch(group)))
        {
            context.AddError($"{field}.group", $"group \"{group}\" is not a valid DNS subdomain");
        }

        if (!string.IsNullOrEmpty(reference.Namespace) && ownNamespace is not null && reference.Namespace != ownNamespace)
        {
            context.AddError($"{field}.namespace", $"cross namespace referencing is not currently supported (\"{reference.Namespace}\" is not \"{ownNamespace}\")");
        }
    }

    [GeneratedRegex("^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupPattern();
}
