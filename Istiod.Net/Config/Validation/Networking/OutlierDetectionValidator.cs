using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Outlier detection: counts not negative, durations at least 1ms, percentages 0..100.</summary>
public sealed class OutlierDetectionValidator : AbstractValidator<OutlierDetection>
{
    public OutlierDetectionValidator()
    {
        RuleFor(o => o.ConsecutiveErrors).Must(e => e is null or >= 0).WithMessage("consecutiveErrors cannot be negative");
        RuleFor(o => o.ConsecutiveErrors).Null().WithSeverity(Severity.Warning)
            .WithMessage("consecutiveErrors is deprecated; use consecutive5xxErrors or consecutiveGatewayErrors");
        RuleFor(o => o.ConsecutiveLocalOriginFailures)
            .Must((o, f) => f is null or 0 || o.SplitExternalLocalOriginErrors == true)
            .WithMessage("consecutiveLocalOriginFailures needs splitExternalLocalOriginErrors: true");
        RuleFor(o => o.Interval).Duration();
        RuleFor(o => o.BaseEjectionTime).Duration();
        RuleFor(o => o.MaxEjectionPercent).Percentage();
        RuleFor(o => o.MinHealthPercent).Percentage();
    }
}
