using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;
using HashPolicy = Envoy.Config.Route.V3.RouteAction.Types.HashPolicy;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// A DestinationRule's consistent-hash key as Envoy route hash policies: a header, a cookie (Envoy sets it
/// with the ttl when the request has none), the source IP or a query parameter. Proxyless clients get
/// <see cref="HashPolicyTranslator"/>'s narrower set instead.
/// </summary>
public static class EnvoyHashPolicyTranslator
{
    public static IEnumerable<HashPolicy> Translate(LoadBalancerSettings? loadBalancer)
    {
        if (loadBalancer?.ConsistentHash is not { } hash)
        {
            yield break;
        }

        if (hash.HttpHeaderName is { Length: > 0 } header)
        {
            yield return new HashPolicy { Header = new HashPolicy.Types.Header { HeaderName = header.ToLowerInvariant() } };
        }
        else if (hash.HttpCookie is { Name: { Length: > 0 } cookieName } cookie)
        {
            var translated = new HashPolicy.Types.Cookie { Name = cookieName };
            if (cookie.Path is { Length: > 0 } path)
            {
                translated.Path = path;
            }

            if (IstioDuration.ToProto(cookie.Ttl) is { } ttl)
            {
                translated.Ttl = ttl;
            }

            yield return new HashPolicy { Cookie = translated };
        }
        else if (hash.UseSourceIp == true)
        {
            yield return new HashPolicy { ConnectionProperties = new HashPolicy.Types.ConnectionProperties { SourceIp = true } };
        }
        else if (hash.HttpQueryParameterName is { Length: > 0 } parameter)
        {
            yield return new HashPolicy { QueryParameter = new HashPolicy.Types.QueryParameter { Name = parameter } };
        }
    }
}
