using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// A consistent-hash load balancer's key as route hash policies gRPC understands (gRFC A42): a request
/// header, or the channel id standing in for the source IP (a client is one channel, so "same source,
/// same endpoint" becomes "same channel, same endpoint"). Cookies and query parameters have no gRPC form.
/// </summary>
public static class HashPolicyTranslator
{
    public const string ChannelIdKey = "io.grpc.channel_id";

    public static IEnumerable<RouteAction.Types.HashPolicy> Translate(LoadBalancerSettings? loadBalancer)
    {
        if (loadBalancer?.ConsistentHash is not { } hash)
        {
            yield break;
        }

        if (hash.HttpHeaderName is { Length: > 0 } header)
        {
            yield return new RouteAction.Types.HashPolicy
            {
                Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = header.ToLowerInvariant() },
            };
        }
        else if (hash.UseSourceIp == true)
        {
            yield return new RouteAction.Types.HashPolicy
            {
                FilterState = new RouteAction.Types.HashPolicy.Types.FilterState { Key = ChannelIdKey },
            };
        }
    }
}
