using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// An exact, prefix or regex match: one kind at a time, and the regex must compile as RE2 and not be empty.
/// Istio refuses an empty regex too; accepted, it would mean "any value" to one client and an invalid,
/// refused route configuration to another.
/// </summary>
public sealed class StringMatchValidator : AbstractValidator<StringMatch>
{
    public StringMatchValidator()
    {
        RuleFor(m => m).Custom((m, context) =>
        {
            if (new[] { m.Exact, m.Prefix, m.Regex }.Count(v => v is not null) > 1)
            {
                context.AddError(string.Empty, "only one of exact, prefix or regex may be set");
            }
        });
        RuleFor(m => m.Regex)
            .Must(r => r is null || r.Length > 0)
            .WithMessage("regex string match must not be empty (to match any value, leave the match out)")
            .Re2Regex();
    }
}
