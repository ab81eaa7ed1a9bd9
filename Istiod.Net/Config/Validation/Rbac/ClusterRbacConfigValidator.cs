using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Rbac;

/// <summary>ClusterRbacConfig (rbac.istio.io/v1alpha1, cluster-scoped): accepted with a deprecation warning; mode must be known.</summary>
public sealed class ClusterRbacConfigValidator : SpecValidator<ClusterRbacConfigSpec>
{
    public ClusterRbacConfigValidator()
    {
        RuleFor(s => s).Custom((spec, context) =>
        {
            context.AddWarning("", "ClusterRbacConfig is deprecated: use AuthorizationPolicy (istiod-net convert rewrites it)");
            if (spec.Mode is not (null or "" or "OFF" or "ON" or "ON_WITH_INCLUSION" or "ON_WITH_EXCLUSION"))
            {
                context.AddError("mode", $"unknown mode \"{spec.Mode}\" (OFF, ON, ON_WITH_INCLUSION, ON_WITH_EXCLUSION)");
            }

            if (spec.EnforcementMode is not (null or "" or "ENFORCED" or "PERMISSIVE"))
            {
                context.AddError("enforcementMode", $"unknown enforcementMode \"{spec.EnforcementMode}\"");
            }
        });
    }
}
