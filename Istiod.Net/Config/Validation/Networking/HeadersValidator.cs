using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Header operations: header names must not be empty.</summary>
public sealed class HeadersValidator : AbstractValidator<Headers>
{
    public HeadersValidator()
    {
        RuleFor(h => h.Request).SetValidator(new HeaderOperationsValidator()!);
        RuleFor(h => h.Response).SetValidator(new HeaderOperationsValidator()!);
    }
}
