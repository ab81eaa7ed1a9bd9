using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.JwtAuthn.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Store;
using Istiod.Net.Security.Authorization;
using DataSource = Envoy.Config.Core.V3.DataSource;

namespace Istiod.Net.Security.RequestAuthn;

/// <summary>
/// RequestAuthentication → <c>envoy.filters.http.jwt_authn</c>. One provider per issuer, keys always
/// inline (fetched here, never by the proxy). The requirement is "any provider, or no token at all":
/// a request without a token passes authentication (AuthorizationPolicy decides whether that is enough),
/// a request with a token that no provider accepts is refused with 401.
/// </summary>
public static class JwtFilterBuilder
{
    /// <summary>Where the verified payload goes in dynamic metadata; AuthorizationPolicy matchers read it there.</summary>
    public const string PayloadInMetadata = RbacMatchers.JwtPayloadKey;

    /// <summary>The filter for the workload, or null when no RequestAuthentication applies.</summary>
    public static HttpFilter? Build(ConfigSnapshot snapshot, AuthzWorkload workload, AuthzOptions options, IJwksSource? jwks = null)
    {
        var rules = new List<JwtRule>();
        foreach (var config in snapshot.List(ConfigSchemas.RequestAuthentication.Kind))
        {
            var ns = config.Meta.Namespace;
            if ((ns == workload.Namespace || ns == options.RootNamespace)
                && config.Spec is RequestAuthenticationSpec spec
                && AuthzPolicySelector.Applies(spec.Selector, spec.TargetRef, spec.TargetRefs, ns, workload))
            {
                rules.AddRange((spec.JwtRules ?? []).Where(r => r is not null && !string.IsNullOrEmpty(r.Issuer)));
            }
        }

        return Build(rules, jwks);
    }

    public static HttpFilter? Build(IReadOnlyList<JwtRule> rules, IJwksSource? jwks)
    {
        if (rules.Count == 0)
        {
            return null;
        }

        var config = new JwtAuthentication();
        var anyOf = new JwtRequirementOrList();
        // Sorted by issuer so the same rules give the same bytes whatever order the policies came in.
        foreach (var rule in rules.GroupBy(r => r.Issuer!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.First()))
        {
            var name = ProviderName(rule.Issuer!);
            config.Providers[name] = Provider(rule, jwks);
            anyOf.Requirements.Add(new JwtRequirement { ProviderName = name });
        }

        anyOf.Requirements.Add(new JwtRequirement { AllowMissing = new Empty() });
        config.Rules.Add(new RequirementRule
        {
            Match = new RouteMatch { Prefix = "/" },
            Requires = new JwtRequirement { RequiresAny = anyOf },
        });
        config.BypassCorsPreflight = true;
        return new HttpFilter { Name = AuthzFilterNames.JwtAuthn, TypedConfig = Any.Pack(config) };
    }

    public static string ProviderName(string issuer) => $"origins-{issuer}";

    private static JwtProvider Provider(JwtRule rule, IJwksSource? jwks)
    {
        var provider = new JwtProvider
        {
            Issuer = rule.Issuer!,
            LocalJwks = new DataSource { InlineString = KeySet(rule, jwks) },
            Forward = rule.ForwardOriginalToken == true,
            PayloadInMetadata = PayloadInMetadata,
        };
        provider.Audiences.AddRange(rule.Audiences ?? []);
        foreach (var header in rule.FromHeaders ?? [])
        {
            if (!string.IsNullOrEmpty(header?.Name))
            {
                provider.FromHeaders.Add(new Envoy.Extensions.Filters.Http.JwtAuthn.V3.JwtHeader { Name = header.Name, ValuePrefix = header.Prefix ?? "" });
            }
        }

        provider.FromParams.AddRange((rule.FromParams ?? []).Where(p => !string.IsNullOrEmpty(p)));
        provider.FromCookies.AddRange((rule.FromCookies ?? []).Where(c => !string.IsNullOrEmpty(c)));
        if (!string.IsNullOrEmpty(rule.OutputPayloadToHeader))
        {
            provider.ForwardPayloadHeader = rule.OutputPayloadToHeader;
        }

        foreach (var claim in rule.OutputClaimToHeaders ?? [])
        {
            if (!string.IsNullOrEmpty(claim?.Header) && !string.IsNullOrEmpty(claim.Claim))
            {
                provider.ClaimToHeaders.Add(new JwtClaimToHeader { HeaderName = claim.Header, ClaimName = claim.Claim });
            }
        }

        if (rule.SpaceDelimitedClaims is { Count: > 0 } spaced)
        {
            provider.NormalizePayloadInMetadata = new JwtProvider.Types.NormalizePayload();
            provider.NormalizePayloadInMetadata.SpaceDelimitedClaims.AddRange(spaced);
        }

        return provider;
    }

    /// <summary>The inline JWKS, the fetched one for a jwksUri, or — when neither is usable — one that verifies nothing.</summary>
    private static string KeySet(JwtRule rule, IJwksSource? jwks)
    {
        if (!string.IsNullOrEmpty(rule.Jwks))
        {
            return JwksResolver.JwksProblem(rule.Jwks) is null ? rule.Jwks : UnverifiableJwks.Json;
        }

        if (!string.IsNullOrEmpty(rule.JwksUri) && jwks?.TryGetJwks(rule.JwksUri) is { } fetched)
        {
            return fetched;
        }

        return UnverifiableJwks.Json;
    }
}
