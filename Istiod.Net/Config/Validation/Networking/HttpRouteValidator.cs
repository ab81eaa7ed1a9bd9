using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>One HTTP route rule of a VirtualService.</summary>
public sealed class HttpRouteValidator : AbstractValidator<HttpRoute>
{
    public HttpRouteValidator()
    {
        RuleFor(r => r).Custom((route, context) =>
        {
            var hasRoute = route.Route is { Count: > 0 };
            if (!hasRoute && route.Redirect is null && route.DirectResponse is null && route.Delegate is null)
            {
                context.AddError(string.Empty, "HTTP route, redirect, directResponse or delegate is required");
            }

            if (hasRoute && route.Redirect is not null)
            {
                context.AddError(string.Empty, "HTTP route cannot contain both route and redirect");
            }

            if (hasRoute && route.DirectResponse is not null)
            {
                context.AddError(string.Empty, "HTTP route cannot contain both route and directResponse");
            }

            if (route.Redirect is not null && route.DirectResponse is not null)
            {
                context.AddError(string.Empty, "HTTP route cannot contain both redirect and directResponse");
            }

            if (route.Delegate is not null && (hasRoute || route.Redirect is not null))
            {
                context.AddError("delegate", "a delegating HTTP route cannot also set route or redirect");
            }

            if (route.Route is { Count: > 1 } destinations)
            {
                var total = destinations.Sum(d => (long)(d?.Weight ?? 0));
                if (total == 0)
                {
                    context.AddError("route", "total destination weight = 0: give at least one destination a weight");
                }
                else if (total != 100)
                {
                    context.AddWarning("route", $"weights add up to {total}, not 100; Envoy splits traffic in proportion to them");
                }
            }
        });

        RuleForEach(r => r.Match).SetValidator(new HttpMatchRequestValidator());
        RuleForEach(r => r.Route).SetValidator(new HttpRouteDestinationValidator());
        RuleFor(r => r.Timeout).DurationOrZero();
        RuleFor(r => r.Retries).SetValidator(new HttpRetryValidator()!);
        RuleFor(r => r.Fault).SetValidator(new HttpFaultInjectionValidator()!);
        RuleFor(r => r.Mirror).SetValidator(new DestinationValidator()!);
        RuleFor(r => r.MirrorPercentage!.Value).Percentage().When(r => r.MirrorPercentage is not null).OverridePropertyName("MirrorPercentage.Value");
        RuleFor(r => r.MirrorPercent)
            .Must(p => p is null or <= 100).WithMessage((_, p) => $"percentage {p} must be in the range 0..100");
        RuleFor(r => r.MirrorPercent)
            .Null().WithSeverity(Severity.Warning).WithMessage("mirrorPercent is deprecated; use mirrorPercentage");
        RuleForEach(r => r.Mirrors).ChildRules(mirror =>
        {
            mirror.RuleFor(m => m.Destination).NotNull().WithMessage("destination is required").SetValidator(new DestinationValidator()!);
            mirror.RuleFor(m => m.Percentage!.Value).Percentage().When(m => m.Percentage is not null).OverridePropertyName("Percentage.Value");
        });
        RuleFor(r => r.Redirect!).ChildRules(redirect =>
        {
            redirect.RuleFor(r => r.Port).ValidPort();
            redirect.RuleFor(r => r.RedirectCode)
                .Must(c => c is null or (>= 300 and <= 399)).WithMessage((_, c) => $"redirect code {c} is not a 3xx status");
            redirect.RuleFor(r => r).Custom((r, context) =>
            {
                if (r.Uri is null && r.Authority is null && r.Port is null && r.DerivePort is null && r.Scheme is null)
                {
                    context.AddError(string.Empty, "redirect must specify uri, authority, scheme or port");
                }

                if (r.Port is not null && r.DerivePort is not null)
                {
                    context.AddError(string.Empty, "redirect cannot set both port and derivePort");
                }
            });
            redirect.RuleFor(r => r.Scheme)
                .Must(s => s is null or "http" or "https").WithMessage("redirect scheme must be \"http\" or \"https\"");
        }).When(r => r.Redirect is not null);
        RuleFor(r => r.DirectResponse!.Status)
            .Must(s => s is >= 200 and <= 599).WithMessage((_, s) => $"directResponse status {s} must be in the range 200..599")
            .When(r => r.DirectResponse is not null).OverridePropertyName("DirectResponse.Status");
        RuleFor(r => r.Rewrite!).ChildRules(rewrite =>
        {
            rewrite.RuleFor(r => r).Custom((r, context) =>
            {
                if (r.Uri is not null && r.UriRegexRewrite is not null)
                {
                    context.AddError(string.Empty, "rewrite cannot set both uri and uriRegexRewrite");
                }

                if (string.IsNullOrEmpty(r.Uri) && r.UriRegexRewrite is null && string.IsNullOrEmpty(r.Authority))
                {
                    context.AddError(string.Empty, "rewrite must specify uri, uriRegexRewrite or authority");
                }

                if (r.UriRegexRewrite is { } regex && (string.IsNullOrEmpty(regex.Match) || regex.Rewrite is null))
                {
                    context.AddError("uriRegexRewrite", "uriRegexRewrite needs both match and rewrite");
                }
            });
            rewrite.RuleFor(r => r.UriRegexRewrite!.Match).Re2Regex().When(r => r.UriRegexRewrite is not null).OverridePropertyName("UriRegexRewrite.Match");
        }).When(r => r.Rewrite is not null);
        RuleFor(r => r.CorsPolicy!.MaxAge).Cascade(CascadeMode.Stop).Duration()
            .Must(a => a is null || GoDuration.Parse(a)!.Value.Ticks % TimeSpan.TicksPerSecond == 0)
            .WithMessage("maxAge must be a whole number of seconds")
            .When(r => r.CorsPolicy is not null).OverridePropertyName("CorsPolicy.MaxAge");
        RuleForEach(r => r.CorsPolicy!.AllowOrigins).SetValidator(new StringMatchValidator()).When(r => r.CorsPolicy is not null).OverridePropertyName("CorsPolicy.AllowOrigins");
        RuleFor(r => r.Headers).SetValidator(new HeadersValidator()!);
    }
}
