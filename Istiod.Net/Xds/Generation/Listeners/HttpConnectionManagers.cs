using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Cors.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The HttpConnectionManager of every Envoy HTTP chain. Its filters are always authorization (if any),
/// fault, cors, router: routes carry per-filter config for fault and cors, which Envoy accepts only when
/// the listener declares those filters. No access log is configured.
/// </summary>
public static class HttpConnectionManagers
{
    /// <summary>Routes fetched over ADS as RouteConfiguration <paramref name="routeName"/>.</summary>
    public static Filter WithRds(string statPrefix, string routeName, IEnumerable<HttpFilter> authorization, bool useRemoteAddress = false)
    {
        var manager = Base(statPrefix, authorization, useRemoteAddress);
        manager.Rds = new Rds
        {
            RouteConfigName = routeName,
            ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
        };
        return Wrap(manager);
    }

    /// <summary>Routes carried in the listener itself (sidecar inbound).</summary>
    public static Filter WithRoutes(string statPrefix, RouteConfiguration routes, IEnumerable<HttpFilter> authorization)
    {
        var manager = Base(statPrefix, authorization, useRemoteAddress: false);
        manager.RouteConfig = routes;
        return Wrap(manager);
    }

    /// <summary>The filters in order: authorization first, router last.</summary>
    public static IEnumerable<HttpFilter> Filters(IEnumerable<HttpFilter> authorization)
    {
        foreach (var filter in authorization)
        {
            yield return filter;
        }

        yield return new HttpFilter { Name = HttpFilterNames.Fault, TypedConfig = Any.Pack(new HTTPFault()) };
        yield return new HttpFilter { Name = HttpFilterNames.Cors, TypedConfig = Any.Pack(new Cors()) };
        yield return new HttpFilter { Name = HttpFilterNames.Router, TypedConfig = Any.Pack(new Router()) };
    }

    private static HttpConnectionManager Base(string statPrefix, IEnumerable<HttpFilter> authorization, bool useRemoteAddress)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            CodecType = HttpConnectionManager.Types.CodecType.Auto,
        };

        // Gateways face clients directly: the peer address is the client's, and x-forwarded-for is appended.
        if (useRemoteAddress)
        {
            manager.UseRemoteAddress = true;
        }

        manager.HttpFilters.Add(Filters(authorization));
        return manager;
    }

    private static Filter Wrap(HttpConnectionManager manager) =>
        new() { Name = EnvoyFilterNames.HttpConnectionManager, TypedConfig = Any.Pack(manager) };
}
