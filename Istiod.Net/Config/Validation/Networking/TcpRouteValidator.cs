using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>A TCP route: at least one destination; match ports are ports.</summary>
public sealed class TcpRouteValidator : AbstractValidator<TcpRoute>
{
    public TcpRouteValidator()
    {
        RuleFor(r => r.Route).NotEmpty().WithMessage("TCP route requires at least one destination");
        RuleForEach(r => r.Route).SetValidator(new RouteDestinationValidator());
        RuleFor(r => r.Route).Must(r => r is not { Count: > 1 } || r.Sum(d => (long)(d?.Weight ?? 0)) != 0)
            .WithMessage("total destination weight = 0: give at least one destination a weight");
        RuleForEach(r => r.Match).ChildRules(match => match.RuleFor(m => m.Port).ValidPort());
    }
}
