using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Rbac;

/// <summary>ServiceRole (rbac.istio.io/v1alpha1): accepted with a deprecation warning; rules need services and well-formed ports and constraints.</summary>
public sealed class ServiceRoleValidator : SpecValidator<ServiceRoleSpec>
{
    public ServiceRoleValidator()
    {
        RuleFor(s => s).Custom((spec, context) =>
        {
            context.AddWarning("", "ServiceRole is deprecated: use AuthorizationPolicy (istiod-net convert rewrites it)");
            if (spec.Rules is not { Count: > 0 })
            {
                context.AddError("rules", "at least 1 rule must be specified");
                return;
            }

            for (var i = 0; i < spec.Rules.Count; i++)
            {
                var rule = spec.Rules[i];
                if (rule is null)
                {
                    context.AddError($"rules[{i}]", "must be an object");
                    continue;
                }

                if (rule.Services is not { Count: > 0 } && rule.NotServices is not { Count: > 0 })
                {
                    context.AddError($"rules[{i}].services", "at least 1 service or notService must be specified");
                }

                foreach (var (port, j) in (rule.Ports ?? []).Concat(rule.NotPorts ?? []).Select((p, j) => (p, j)))
                {
                    if (port is < 1 or > 65535)
                    {
                        context.AddError($"rules[{i}].ports[{j}]", $"port {port} must be between 1-65535");
                    }
                }

                for (var c = 0; c < (rule.Constraints?.Count ?? 0); c++)
                {
                    var constraint = rule.Constraints![c];
                    if (string.IsNullOrEmpty(constraint?.Key))
                    {
                        context.AddError($"rules[{i}].constraints[{c}].key", "key cannot be empty");
                    }

                    if (constraint?.Values is not { Count: > 0 })
                    {
                        context.AddError($"rules[{i}].constraints[{c}].values", "at least 1 value must be specified");
                    }
                }
            }
        });
    }
}
