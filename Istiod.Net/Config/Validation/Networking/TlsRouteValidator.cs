using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>A TLS route: matched by SNI (required), with at least one destination.</summary>
public sealed class TlsRouteValidator : AbstractValidator<TlsRoute>
{
    public TlsRouteValidator()
    {
        RuleFor(r => r.Match).NotEmpty().WithMessage("TLS route must have at least one match");
        RuleForEach(r => r.Match).ChildRules(match =>
        {
            match.RuleFor(m => m.SniHosts).NotEmpty().WithMessage("TLS match must have at least one SNI host");
            match.RuleForEach(m => m.SniHosts).HostName();
            match.RuleFor(m => m.Port).ValidPort();
        });
        RuleFor(r => r.Route).NotEmpty().WithMessage("TLS route requires at least one destination");
        RuleForEach(r => r.Route).SetValidator(new RouteDestinationValidator());
        RuleFor(r => r.Route).Must(r => r is not { Count: > 1 } || r.Sum(d => (long)(d?.Weight ?? 0)) != 0)
            .WithMessage("total destination weight = 0: give at least one destination a weight");
    }
}
