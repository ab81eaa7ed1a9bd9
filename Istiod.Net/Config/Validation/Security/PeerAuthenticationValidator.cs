using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Security;

/// <summary>
/// PeerAuthentication: port-level settings need a workload selector (ports only mean something for a
/// known workload), port keys are port numbers, selectors are plain labels.
/// </summary>
public sealed class PeerAuthenticationValidator : SpecValidator<PeerAuthenticationSpec>
{
    public PeerAuthenticationValidator()
    {
        RuleFor(p => p).Custom((spec, context) =>
        {
            PolicyTargeting.CheckSelector(spec.Selector, "selector", context);
            if (spec.PortLevelMtls is null)
            {
                return;
            }

            if (spec.PortLevelMtls.Count == 0)
            {
                context.AddError("portLevelMtls", "must have at least 1 port when set");
            }
            else if (spec.Selector?.MatchLabels is not { Count: > 0 })
            {
                context.AddError("portLevelMtls", "portLevelMtls requires selector");
            }

            foreach (var (port, setting) in spec.PortLevelMtls)
            {
                if (!uint.TryParse(port, out var number))
                {
                    context.AddError($"portLevelMtls[{port}]", $"type conversion error from \"{port}\": port keys must be port numbers");
                }
                else if (number is < 1 or > 65535)
                {
                    context.AddError($"portLevelMtls[{port}]", "port must be between 1-65535");
                }

                if (setting is null)
                {
                    context.AddError($"portLevelMtls[{port}]", "must be an object with a mode");
                }
            }
        });
    }
}
