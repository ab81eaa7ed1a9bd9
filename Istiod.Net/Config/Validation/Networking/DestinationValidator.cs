using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>A route destination: a host ("*.example.com" is fine, "*" alone is not), an optional subset name and port.</summary>
public sealed class DestinationValidator : AbstractValidator<Destination>
{
    public DestinationValidator()
    {
        RuleFor(d => d.Host).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("destination host is required")
            .Must(h => h != "*").WithMessage("destination host \"*\" is not valid; name a service")
            .HostName();
        RuleFor(d => d.Subset)
            .Must(s => s is null || ConfigRules.IsDnsLabel(s))
            .WithMessage((_, s) => $"subset \"{s}\" is not a valid name (a DNS-1123 label)");
        RuleFor(d => d.Port!.Number).ValidPort().When(d => d.Port is not null).OverridePropertyName("Port.Number");
    }
}
