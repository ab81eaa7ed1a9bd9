using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Retry policy: attempts not negative, per-try timeout at least 1ms.</summary>
public sealed class HttpRetryValidator : AbstractValidator<HttpRetry>
{
    public HttpRetryValidator()
    {
        RuleFor(r => r.Attempts).Must(a => a is null or >= 0).WithMessage("attempts cannot be negative");
        RuleFor(r => r.PerTryTimeout).Duration();
        RuleFor(r => r).Custom((r, context) =>
        {
            if (r.Attempts == 0 && (r.PerTryTimeout is not null || r.RetryOn is not null || r.RetryRemoteLocalities is not null))
            {
                context.AddError("attempts", "attempts is 0 (retries off) but other retry settings are given");
            }
        });
    }
}
