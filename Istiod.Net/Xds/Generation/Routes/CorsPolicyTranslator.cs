using Envoy.Config.Core.V3;
using Envoy.Type.Matcher.V3;
using Envoy.Type.V3;
using Istiod.Net.Config.Model;
using EnvoyCorsPolicy = Envoy.Extensions.Filters.Http.Cors.V3.CorsPolicy;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>An Istio corsPolicy as the per-route config of Envoy's CORS filter.</summary>
public static class CorsPolicyTranslator
{
    public static EnvoyCorsPolicy Translate(CorsPolicy cors)
    {
        var result = new EnvoyCorsPolicy
        {
            // The filter is in every chain; a route turns it on by carrying a policy.
            FilterEnabled = new RuntimeFractionalPercent
            {
                DefaultValue = new FractionalPercent { Numerator = 100, Denominator = FractionalPercent.Types.DenominatorType.Hundred },
            },
        };
        foreach (var origin in cors.AllowOrigins ?? [])
        {
            if (EnvoyRouteMatchTranslator.ToStringMatcher(origin) is { } matcher)
            {
                result.AllowOriginStringMatch.Add(matcher);
            }
        }

        // The deprecated allowOrigin list holds exact origins.
        foreach (var origin in cors.AllowOrigin ?? [])
        {
            result.AllowOriginStringMatch.Add(new StringMatcher { Exact = origin });
        }

        if (cors.AllowMethods is { Count: > 0 } methods)
        {
            result.AllowMethods = string.Join(",", methods);
        }

        if (cors.AllowHeaders is { Count: > 0 } headers)
        {
            result.AllowHeaders = string.Join(",", headers);
        }

        if (cors.ExposeHeaders is { Count: > 0 } expose)
        {
            result.ExposeHeaders = string.Join(",", expose);
        }

        if (IstioDuration.TryParse(cors.MaxAge, out var maxAge))
        {
            result.MaxAge = ((long)maxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (cors.AllowCredentials is { } credentials)
        {
            result.AllowCredentials = credentials;
        }

        if (string.Equals(cors.UnmatchedPreflights, "IGNORE", StringComparison.OrdinalIgnoreCase))
        {
            // Preflights from origins the policy does not allow get an answer here instead of going upstream.
            result.ForwardNotMatchingPreflights = false;
        }

        return result;
    }
}
