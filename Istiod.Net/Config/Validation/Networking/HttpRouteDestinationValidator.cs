using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>A weighted destination of an HTTP route.</summary>
public sealed class HttpRouteDestinationValidator : AbstractValidator<HttpRouteDestination>
{
    public HttpRouteDestinationValidator()
    {
        RuleFor(r => r.Destination).NotNull().WithMessage("destination is required").SetValidator(new DestinationValidator()!);
        RuleFor(r => r.Weight).Weight();
        RuleFor(r => r.Weight).WeightAtMost100();
        RuleFor(r => r.Headers).SetValidator(new HeadersValidator()!);
    }
}
