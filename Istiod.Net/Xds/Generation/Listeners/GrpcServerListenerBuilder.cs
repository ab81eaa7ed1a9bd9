using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Xds.Generation.Tls;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The listener of an xDS-enabled gRPC server (gRFC A36) for one bound address, secured by the
/// workload's PeerAuthentication mode on that port (gRFC A29). gRPC servers pick a filter chain only by
/// addresses and ports, never by transport protocol: a filter chain matching anything but "raw_buffer"
/// is never selected. So a port speaks either mutual TLS or plaintext, and PERMISSIVE, which promises
/// both, can only be kept by plaintext (the side every client can reach; auto mTLS clients of this
/// control plane send plaintext to PERMISSIVE destinations for that reason).
/// </summary>
public static class GrpcServerListenerBuilder
{
    public const string HttpConnectionManagerName = "envoy.filters.network.http_connection_manager";
    public const string MutualTlsChain = "inbound-mtls";
    public const string PlaintextChain = "inbound-plaintext";

    /// <param name="authorization">RBAC filters (gRFC A41) that run before the router; none lets every RPC in.</param>
    public static Listener Build(string name, GrpcServerListenerName address, MutualTlsMode mode, IReadOnlyList<HttpFilter>? authorization = null)
    {
        var strict = mode == MutualTlsMode.Strict;
        var chainName = strict ? MutualTlsChain : PlaintextChain;

        // The manager's stat prefix names the chain, so the manager differs between a TLS and a plaintext
        // chain. grpc-js-xds 1.14.1 compares a new listener with the one in use filter by filter before it
        // looks at transport sockets, and its socket comparison is broken: a plaintext chain replaced by
        // a TLS one crashes the server, a TLS chain replaced by a plaintext one is ignored. Differing
        // managers make it see a change first and take the new listener as it is.
        var chain = new FilterChain
        {
            Name = chainName,
            Filters = { new Filter { Name = HttpConnectionManagerName, TypedConfig = Any.Pack(Manager(chainName, authorization ?? [])) } },
        };
        if (strict)
        {
            chain.TransportSocket = GrpcTls.Server(requireClientCertificate: true);
        }

        return new Listener
        {
            Name = name,
            Address = new Address { SocketAddress = new SocketAddress { Address = address.Host, PortValue = address.Port } },
            FilterChains = { chain },
        };
    }

    /// <summary>
    /// An inline route table that lets every RPC through to the server's own handlers: on a server,
    /// routes may only carry non_forwarding_action, and RDS would cost a round trip for nothing.
    /// </summary>
    private static HttpConnectionManager Manager(string statPrefix, IReadOnlyList<HttpFilter> authorization)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            RouteConfig = new RouteConfiguration
            {
                Name = "inbound",
                VirtualHosts =
                {
                    new VirtualHost
                    {
                        Name = "inbound",
                        Domains = { "*" },
                        Routes = { new EnvoyRoute { Name = "default", Match = new RouteMatch { Prefix = "/" }, NonForwardingAction = new NonForwardingAction() } },
                    },
                },
            },
        };
        manager.HttpFilters.AddRange(authorization);
        manager.HttpFilters.Add(new HttpFilter { Name = HttpFilterNames.Router, TypedConfig = Any.Pack(new Router()) });
        return manager;
    }
}
