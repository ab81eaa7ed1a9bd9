using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>A SotW resource carries its name only inside it; this reads it for the types istiod serves.</summary>
public static class AdsResourceNames
{
    /// <returns>The name, or null for a type without a rule here.</returns>
    public static string? NameOf(Any any) => any.TypeUrl switch
    {
        XdsTypeUrls.Cluster => any.Unpack<Cluster>().Name,
        XdsTypeUrls.Endpoint => any.Unpack<ClusterLoadAssignment>().ClusterName,
        XdsTypeUrls.Listener => any.Unpack<Listener>().Name,
        XdsTypeUrls.Route => any.Unpack<RouteConfiguration>().Name,
        XdsTypeUrls.Secret => any.Unpack<Secret>().Name,
        _ => null,
    };
}
