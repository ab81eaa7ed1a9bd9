using FluentValidation;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Validation.Security;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>ProxyConfig: concurrency is a count (0 means one worker per core), selectors use plain, non-empty label keys.</summary>
public sealed class ProxyConfigValidator : SpecValidator<ProxyConfigSpec>
{
    public ProxyConfigValidator()
    {
        RuleFor(p => p).Custom((spec, context) =>
        {
            if (spec.Concurrency < 0)
            {
                context.AddError("concurrency", "concurrency should be greater than or equal to 0");
            }

            foreach (var key in spec.Selector?.MatchLabels?.Keys ?? [])
            {
                if (key.Length == 0)
                {
                    context.AddError("selector.matchLabels", "key must not be empty");
                }
            }

            PolicyTargeting.CheckSelector(
                spec.Selector is null ? null : spec.Selector with { MatchLabels = spec.Selector.MatchLabels?.Where(l => l.Key.Length > 0).ToDictionary() },
                "selector",
                context);
            foreach (var name in spec.EnvironmentVariables?.Keys ?? [])
            {
                if (name.Length == 0)
                {
                    context.AddError("environmentVariables", "environment variable names must not be empty");
                }
            }
        });
    }
}
