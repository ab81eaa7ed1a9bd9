using FluentValidation;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Load balancer settings: a simple algorithm or one consistent-hash key, and sane locality weights.</summary>
public sealed class LoadBalancerValidator : AbstractValidator<LoadBalancerSettings>
{
    public LoadBalancerValidator()
    {
        RuleFor(lb => lb).Custom((lb, context) =>
        {
            if (lb.Simple is not null && lb.ConsistentHash is not null)
            {
                context.AddError(string.Empty, "only one of simple or consistentHash may be set");
            }

            if (lb.ConsistentHash is { } hash)
            {
                var keys = (hash.HttpHeaderName is null ? 0 : 1) + (hash.HttpCookie is null ? 0 : 1)
                    + (hash.UseSourceIp is true ? 1 : 0) + (hash.HttpQueryParameterName is null ? 0 : 1);
                if (keys != 1)
                {
                    context.AddError("consistentHash", "exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName must be set");
                }

                if (hash.HttpCookie is { } cookie)
                {
                    if (string.IsNullOrEmpty(cookie.Name))
                    {
                        context.AddError("consistentHash.httpCookie.name", "cookie name is required");
                    }

                    if (cookie.Ttl is not null && ConfigRules.DurationProblem(cookie.Ttl, TimeSpan.Zero) is { } ttlProblem)
                    {
                        context.AddError("consistentHash.httpCookie.ttl", ttlProblem);
                    }
                }

                if (hash.RingHash is not null && hash.Maglev is not null)
                {
                    context.AddError("consistentHash", "only one of ringHash or maglev may be set");
                }

                if (hash.MinimumRingSize is > 0)
                {
                    context.AddWarning("consistentHash.minimumRingSize", "minimumRingSize is deprecated; use ringHash.minimumRingSize");
                    if (hash.RingHash is not null || hash.Maglev is not null)
                    {
                        context.AddError("consistentHash.minimumRingSize", "only one of minimumRingSize or ringHash/maglev may be set");
                    }
                }

                if (hash.Maglev is { } maglev && (maglev.TableSize is null or 0 or >= 5_000_011 || !IsPrime(maglev.TableSize.Value)))
                {
                    context.AddError("consistentHash.maglev.tableSize", "maglev tableSize must be a prime number below 5000011");
                }
            }

            if (lb.LocalityLbSetting is { } locality)
            {
                if (locality.Distribute is { Count: > 0 } && locality.Failover is { Count: > 0 })
                {
                    context.AddError("localityLbSetting", "only one of distribute or failover may be set");
                }

                for (var i = 0; i < (locality.Distribute?.Count ?? 0); i++)
                {
                    var total = locality.Distribute![i]?.To?.Values.Sum(v => (long)v) ?? 0;
                    if (total != 100)
                    {
                        context.AddError($"localityLbSetting.distribute[{i}].to", $"weights must add up to 100 (they add up to {total})");
                    }
                }
            }
        });
        RuleFor(lb => lb.Warmup!.Duration).NotEmpty().WithMessage("warmup duration is required").Duration()
            .When(lb => lb.Warmup is not null).OverridePropertyName("Warmup.Duration");
        RuleFor(lb => lb.Warmup!.MinimumPercent).Percentage()
            .When(lb => lb.Warmup?.MinimumPercent is not null).OverridePropertyName("Warmup.MinimumPercent");
        RuleFor(lb => lb.Warmup!.Aggression).Must(a => a is null or >= 1).WithMessage("aggression must be at least 1")
            .When(lb => lb.Warmup is not null).OverridePropertyName("Warmup.Aggression");
        RuleFor(lb => lb.WarmupDurationSecs).Duration();
    }

    // Envoy requires a prime maglev table size.
    private static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        if (n < 4)
        {
            return true;
        }

        if (n % 2 == 0)
        {
            return false;
        }

        for (ulong factor = 3; factor * factor <= n; factor += 2)
        {
            if (n % factor == 0)
            {
                return false;
            }
        }

        return true;
    }
}
