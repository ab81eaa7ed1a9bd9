using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Delay and abort faults: a delay needs a duration, an abort needs a status; percentages 0..100.</summary>
public sealed class HttpFaultInjectionValidator : AbstractValidator<HttpFaultInjection>
{
    public HttpFaultInjectionValidator()
    {
        RuleFor(f => f).Custom((fault, context) =>
        {
            if (fault.Delay is null && fault.Abort is null)
            {
                context.AddError(string.Empty, "fault must set delay, abort or both");
            }
        });

        RuleFor(f => f.Delay!).ChildRules(delay =>
        {
            delay.RuleFor(d => d).Custom((d, context) =>
            {
                if (d.FixedDelay is null && d.ExponentialDelay is null)
                {
                    context.AddError("fixedDelay", "fixedDelay is required");
                }
            });
            delay.RuleFor(d => d.FixedDelay).Duration();
            delay.RuleFor(d => d.ExponentialDelay).Null().WithMessage("exponentialDelay is not supported; use fixedDelay");
            delay.RuleFor(d => d.Percentage!.Value).Percentage().When(d => d.Percentage is not null).OverridePropertyName("Percentage.Value");
            delay.RuleFor(d => d.Percent).Percentage();
        }).When(f => f.Delay is not null);

        RuleFor(f => f.Abort!).ChildRules(abort =>
        {
            abort.RuleFor(a => a).Custom((a, context) =>
            {
                var kinds = (a.HttpStatus is null ? 0 : 1) + (a.GrpcStatus is null ? 0 : 1) + (a.Http2Error is null ? 0 : 1);
                if (kinds == 0)
                {
                    context.AddWarning(string.Empty, "abort is configured without httpStatus or grpcStatus, so it does nothing");
                }
                else if (kinds > 1)
                {
                    context.AddError(string.Empty, "abort may set only one of httpStatus, grpcStatus or http2Error");
                }

                if (a.Http2Error is not null)
                {
                    context.AddError("http2Error", "http2Error aborts are not supported; use httpStatus or grpcStatus");
                }
            });
            abort.RuleFor(a => a.HttpStatus)
                .Must(s => s is null or (>= 200 and <= 599)).WithMessage((_, s) => $"httpStatus {s} must be in the range 200..599");
            abort.RuleFor(a => a.Percentage!.Value).Percentage().When(a => a.Percentage is not null).OverridePropertyName("Percentage.Value");
        }).When(f => f.Abort is not null);
    }
}
