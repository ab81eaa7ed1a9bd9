using System.Text.RegularExpressions;
using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Security;

/// <summary>
/// RequestAuthentication: each JWT rule names its issuer, has a usable JWKS location, and every header,
/// parameter, cookie and claim it names is non-empty (Envoy rejects empty ones, NACKing the listener).
/// </summary>
public sealed partial class RequestAuthenticationValidator : SpecValidator<RequestAuthenticationSpec>
{
    public RequestAuthenticationValidator()
    {
        RuleFor(p => p).Custom((spec, context) =>
        {
            PolicyTargeting.Check(spec.Selector, spec.TargetRef, spec.TargetRefs, context);
            for (var i = 0; i < (spec.JwtRules?.Count ?? 0); i++)
            {
                CheckRule(spec.JwtRules![i], $"jwtRules[{i}]", context);
            }
        });
    }

    private static void CheckRule(JwtRule? rule, string path, ValidationContext<RequestAuthenticationSpec> context)
    {
        if (rule is null)
        {
            context.AddError(path, "must be of type object");
            return;
        }

        if (string.IsNullOrEmpty(rule.Issuer))
        {
            context.AddError($"{path}.issuer", "issuer must be set");
        }

        if (rule.JwksUri is { } uri && UriProblem(uri) is { } uriProblem)
        {
            context.AddError($"{path}.jwksUri", uriProblem);
        }

        NonEmpty(rule.Audiences, $"{path}.audiences", context);
        NonEmpty(rule.FromParams, $"{path}.fromParams", context);
        NonEmpty(rule.FromCookies, $"{path}.fromCookies", context);
        NonEmpty(rule.SpaceDelimitedClaims, $"{path}.spaceDelimitedClaims", context);
        for (var i = 0; i < (rule.FromHeaders?.Count ?? 0); i++)
        {
            var header = rule.FromHeaders![i];
            if (header is null)
            {
                context.AddError($"{path}.fromHeaders[{i}]", "must be of type object");
            }
            else if (header.Name is null)
            {
                context.AddError($"{path}.fromHeaders[{i}].name", "Required value: a header name is needed");
            }
            else if (header.Name.Length == 0)
            {
                context.AddError($"{path}.fromHeaders[{i}].name", "should be at least 1 chars long");
            }
        }

        for (var i = 0; i < (rule.OutputClaimToHeaders?.Count ?? 0); i++)
        {
            var claim = rule.OutputClaimToHeaders![i];
            var at = $"{path}.outputClaimToHeaders[{i}]";
            if (claim is null)
            {
                context.AddError(at, "must be of type object");
                continue;
            }

            if (string.IsNullOrEmpty(claim.Claim))
            {
                context.AddError($"{at}.claim", "should be at least 1 chars long");
            }

            if (string.IsNullOrEmpty(claim.Header))
            {
                context.AddError($"{at}.header", "should be at least 1 chars long");
            }
            else if (!HeaderName().IsMatch(claim.Header))
            {
                context.AddError($"{at}.header", $"header \"{claim.Header}\" should match ^[-_A-Za-z0-9]+$");
            }
        }

        if (rule.Presence is { } presence && presence is not ("REQUIRED" or "OPTIONAL"))
        {
            context.AddError($"{path}.presence", $"Unsupported value: \"{presence}\" (REQUIRED or OPTIONAL)");
        }

        if (rule.Timeout is { } timeout && ConfigRules.DurationProblem(timeout, ConfigRules.OneMillisecond) is { } durationProblem)
        {
            context.AddError($"{path}.timeout", $"must be a valid duration greater than 1ms: {durationProblem}");
        }
    }

    private static void NonEmpty(IReadOnlyList<string>? values, string path, ValidationContext<RequestAuthenticationSpec> context)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(values![i]))
            {
                context.AddError($"{path}[{i}]", "should be at least 1 chars long");
            }
        }
    }

    private static string? UriProblem(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !uri.Contains("://", StringComparison.Ordinal))
        {
            return $"\"{uri}\" is not a URL: url must have scheme http:// or https://";
        }

        return parsed.Scheme is "http" or "https" ? null : $"url must have scheme http:// or https://, got {parsed.Scheme}://";
    }

    [GeneratedRegex("^[-_A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
