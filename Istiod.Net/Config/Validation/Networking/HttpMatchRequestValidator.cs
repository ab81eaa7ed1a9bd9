using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>One HTTP match: string matches compile, the port is a port, header names are not empty.</summary>
public sealed class HttpMatchRequestValidator : AbstractValidator<HttpMatchRequest>
{
    public HttpMatchRequestValidator()
    {
        var stringMatch = new StringMatchValidator();
        RuleFor(m => m.Uri).SetValidator(stringMatch!);
        RuleFor(m => m.Scheme).SetValidator(stringMatch!);
        RuleFor(m => m.Method).SetValidator(stringMatch!);
        RuleFor(m => m.Authority).SetValidator(stringMatch!);
        RuleFor(m => m.Port).ValidPort();
        RuleFor(m => m).Custom((match, context) =>
        {
            CheckMap(match.Headers, "headers", stringMatch, context);
            CheckMap(match.QueryParams, "queryParams", stringMatch, context);
            CheckMap(match.WithoutHeaders, "withoutHeaders", stringMatch, context);
        });
    }

    private static void CheckMap(
        IReadOnlyDictionary<string, StringMatch>? map, string field, StringMatchValidator validator, ValidationContext<HttpMatchRequest> context)
    {
        foreach (var (key, match) in map ?? new Dictionary<string, StringMatch>())
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                context.AddError(field, "names must not be empty");
                continue;
            }

            if (match is null)
            {
                continue;
            }

            foreach (var failure in validator.Validate(match).Errors)
            {
                context.AddError($"{field}[{key}]", failure.ErrorMessage);
            }
        }
    }
}
