using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Rbac;

/// <summary>ServiceRoleBinding (rbac.istio.io/v1alpha1): accepted with a deprecation warning; needs subjects and a ServiceRole to grant.</summary>
public sealed class ServiceRoleBindingValidator : SpecValidator<ServiceRoleBindingSpec>
{
    public ServiceRoleBindingValidator()
    {
        RuleFor(s => s).Custom((spec, context) =>
        {
            context.AddWarning("", "ServiceRoleBinding is deprecated: use AuthorizationPolicy (istiod-net convert rewrites it)");
            if (spec.Subjects is not { Count: > 0 })
            {
                context.AddError("subjects", "at least 1 subject must be specified");
            }

            for (var i = 0; i < (spec.Subjects?.Count ?? 0); i++)
            {
                var subject = spec.Subjects![i];
                if (subject is null
                    || (subject.User is null && subject.Group is null && subject.Properties is not { Count: > 0 }
                        && subject.Names is null && subject.NotNames is null && subject.Groups is null && subject.NotGroups is null
                        && subject.Namespaces is null && subject.NotNamespaces is null && subject.Ips is null && subject.NotIps is null))
                {
                    context.AddError($"subjects[{i}]", "empty subjects are not allowed");
                }
            }

            var hasRef = !string.IsNullOrEmpty(spec.RoleRef?.Name);
            if (!hasRef && string.IsNullOrEmpty(spec.Role))
            {
                context.AddError("roleRef", "must specify a role (roleRef.name or role)");
            }

            if (spec.RoleRef is { } roleRef && roleRef.Kind is not (null or "" or "ServiceRole"))
            {
                context.AddError("roleRef.kind", $"kind set to \"{roleRef.Kind}\", the only supported value is \"ServiceRole\"");
            }

            if (spec.Mode is not (null or "" or "ENFORCED" or "PERMISSIVE"))
            {
                context.AddError("mode", $"unknown mode \"{spec.Mode}\" (ENFORCED or PERMISSIVE)");
            }
        });
    }
}
