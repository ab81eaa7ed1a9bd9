using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// The virtual hosts that take requests no other virtual host claims: a sidecar's <c>allow_any</c>
/// (ALLOW_ANY: on to the original destination) or <c>block_all</c> (REGISTRY_ONLY: 502), and a gateway's
/// <c>blackhole:port</c> (404) when nothing is bound to its port.
/// </summary>
public static class FallbackVirtualHosts
{
    public const string AllowAny = "allow_any";
    public const string BlockAll = "block_all";

    public static VirtualHost ForOutbound(OutboundTrafficMode mode) => mode == OutboundTrafficMode.RegistryOnly
        ? new VirtualHost
        {
            Name = BlockAll,
            Domains = { "*" },
            Routes = { new EnvoyRoute { Name = BlockAll, Match = new RouteMatch { Prefix = "/" }, DirectResponse = new DirectResponseAction { Status = 502 } } },
        }
        : new VirtualHost
        {
            Name = AllowAny,
            Domains = { "*" },
            Routes =
            {
                new EnvoyRoute
                {
                    Name = AllowAny,
                    Match = new RouteMatch { Prefix = "/" },
                    Route_ = new RouteAction
                    {
                        Cluster = ClusterName.Passthrough,
                        Timeout = new Duration(),
                        MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { GrpcTimeoutHeaderMax = new Duration() },
                    },
                },
            },
        };

    public static VirtualHost GatewayBlackhole(uint port) => new()
    {
        Name = $"blackhole:{port}",
        Domains = { "*" },
        Routes = { new EnvoyRoute { Name = "default", Match = new RouteMatch { Prefix = "/" }, DirectResponse = new DirectResponseAction { Status = 404 } } },
    };
}
