using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Gateway: at least one server, each valid, with unique server port names.</summary>
public sealed class GatewayValidator : SpecValidator<GatewaySpec>
{
    public GatewayValidator()
    {
        RuleFor(g => g).Custom((_, context) =>
        {
            // Gateways are referenced as namespace/name from VirtualServices, so no dots in the name.
            if (context.ConfigObject()?.Meta.Name is { } name && !ConfigRules.IsDnsLabel(name))
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("metadata.name", $"gateway name \"{name}\" must be a DNS-1123 label (no dots)"));
            }
        });
        RuleFor(g => g.Servers).NotEmpty().WithMessage("gateway must have at least one server");
        RuleForEach(g => g.Servers).SetValidator(new ServerValidator());
        RuleFor(g => g.Servers).Custom((servers, context) =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (servers?.Count ?? 0); i++)
            {
                if (servers![i]?.Port?.Name is { Length: > 0 } name && !names.Add(name))
                {
                    context.AddError($"[{i}].port.name", $"port names in servers must be unique: \"{name}\" is used twice");
                }
            }
        });
    }
}
