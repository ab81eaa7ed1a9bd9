using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>A weighted destination of a TCP or TLS route.</summary>
public sealed class RouteDestinationValidator : AbstractValidator<RouteDestination>
{
    public RouteDestinationValidator()
    {
        RuleFor(r => r.Destination).NotNull().WithMessage("destination is required").SetValidator(new DestinationValidator()!);
        RuleFor(r => r.Weight).Weight();
        RuleFor(r => r.Weight).WeightAtMost100();
    }
}
