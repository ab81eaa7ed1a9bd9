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
    }
}
