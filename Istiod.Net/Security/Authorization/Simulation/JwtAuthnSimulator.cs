using Envoy.Extensions.Filters.Http.JwtAuthn.V3;

namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// jwt_authn as Envoy applies it: pick the requirement of the first rule whose route match fits, find
/// tokens where each provider looks for them, verify, and on success publish the payload (and the
/// configured claim headers) for the filters after it.
/// </summary>
public static class JwtAuthnSimulator
{
    /// <summary>Null when the request may go on, else why it is refused (401).</summary>
    public static string? Apply(JwtAuthentication config, MatchContext context)
    {
        var path = context.Request.Path;
        var rule = config.Rules.FirstOrDefault(r => r.Match is null || RouteMatches(r.Match, path));
        if (rule?.Requires is not { } requirement)
        {
            return null;
        }

        var anyToken = config.Providers.Values.Any(p => Tokens(p, context.Request).Any());
        return Satisfies(requirement, config, context, anyToken, out var problem) ? null : problem ?? "JWT requirement not met";
    }

    private static bool Satisfies(JwtRequirement requirement, JwtAuthentication config, MatchContext context, bool anyToken, out string? problem)
    {
        problem = null;
        switch (requirement.RequiresTypeCase)
        {
            case JwtRequirement.RequiresTypeOneofCase.ProviderName:
                return ProviderAccepts(requirement.ProviderName, config, context, out problem);
            case JwtRequirement.RequiresTypeOneofCase.ProviderAndAudiences:
                return ProviderAccepts(requirement.ProviderAndAudiences.ProviderName, config, context, out problem);
            case JwtRequirement.RequiresTypeOneofCase.RequiresAny:
                string? first = null;
                foreach (var option in requirement.RequiresAny.Requirements)
                {
                    if (Satisfies(option, config, context, anyToken, out var why))
                    {
                        return true;
                    }

                    first ??= why;
                }

                problem = first;
                return false;
            case JwtRequirement.RequiresTypeOneofCase.RequiresAll:
                foreach (var option in requirement.RequiresAll.Requirements)
                {
                    if (!Satisfies(option, config, context, anyToken, out problem))
                    {
                        return false;
                    }
                }

                return true;
            case JwtRequirement.RequiresTypeOneofCase.AllowMissing:
                return !anyToken;
            case JwtRequirement.RequiresTypeOneofCase.AllowMissingOrFailed:
                return true;
            default:
                return true;
        }
    }

    private static bool ProviderAccepts(string name, JwtAuthentication config, MatchContext context, out string? problem)
    {
        if (!config.Providers.TryGetValue(name, out var provider))
        {
            problem = $"no provider {name}";
            return false;
        }

        var token = Tokens(provider, context.Request).FirstOrDefault();
        if (token is null)
        {
            problem = "Jwt is missing";
            return false;
        }

        var payload = JwtVerifier.Verify(token, provider.LocalJwks?.InlineString ?? "", provider.Issuer, provider.Audiences, context.Request.NowUnixSeconds, out problem);
        if (payload is null)
        {
            return false;
        }

        if (provider.PayloadInMetadata.Length > 0)
        {
            context.SetMetadata(RbacMatchers.JwtFilter, provider.PayloadInMetadata, payload.DeepClone());
        }

        return true;
    }

    /// <summary>Tokens where the provider looks: its headers (prefix stripped), query parameters and cookies; Envoy's defaults when none are set.</summary>
    public static IEnumerable<string> Tokens(JwtProvider provider, AuthzRequest request)
    {
        var headers = provider.FromHeaders.Select(h => (h.Name, h.ValuePrefix)).ToList();
        var parameters = provider.FromParams.ToList();
        if (headers.Count == 0 && parameters.Count == 0 && provider.FromCookies.Count == 0)
        {
            headers.Add(("Authorization", "Bearer "));
            parameters.Add("access_token");
        }

        foreach (var (name, prefix) in headers)
        {
            var value = request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal) && value.Length > prefix.Length)
            {
                yield return value[prefix.Length..].Trim();
            }
        }

        var query = request.Path.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? request.Path[(q + 1)..] : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && parameters.Contains(Uri.UnescapeDataString(pair[..eq])) && eq < pair.Length - 1)
            {
                yield return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        var cookies = request.Headers.FirstOrDefault(h => string.Equals(h.Key, "cookie", StringComparison.OrdinalIgnoreCase)).Value ?? "";
        foreach (var cookie in cookies.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = cookie.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && provider.FromCookies.Contains(cookie[..eq]) && eq < cookie.Length - 1)
            {
                yield return cookie[(eq + 1)..];
            }
        }
    }

    private static bool RouteMatches(Envoy.Config.Route.V3.RouteMatch match, string path) => match.PathSpecifierCase switch
    {
        Envoy.Config.Route.V3.RouteMatch.PathSpecifierOneofCase.Prefix => path.StartsWith(match.Prefix, StringComparison.Ordinal),
        Envoy.Config.Route.V3.RouteMatch.PathSpecifierOneofCase.Path => path.Split('?')[0] == match.Path,
        _ => true,
    };
}
