using System.Globalization;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Security.PeerAuthentication;
using Istiod.Net.Push;
using Istiod.Net.Xds.Generation.Tls;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// <c>virtualInbound</c> on 15006: the chains for each port the workload serves (the registry's endpoints at
/// the proxy's addresses, or the Sidecar's ingress listeners when it declares some), then a catch-all to
/// <c>InboundPassthroughCluster</c>. PeerAuthentication decides per port which chains exist: mesh mTLS
/// (terminated with the workload certificate, client certificate required), plaintext, and TLS the
/// application terminates itself. A STRICT port has only the mesh chain: Envoy never falls back to
/// chains of other ports, so plaintext to it finds no chain and is closed. Ingress ports that are not
/// captured (INTERCEPTION_MODE NONE, or the ingress listener's captureMode NONE) get listeners of their own.
/// </summary>
public sealed class SidecarInboundListener(GenerationContext context, SidecarScope scope, IAuthorizationFilterSource authorization, DependencyRecorder read)
{
    public const string VirtualInbound = "virtualInbound";
    public const uint VirtualInboundPort = 15006;

    /// <summary>One workload's filters for this whole generation: built once, copied into each chain.</summary>
    private readonly IWorkloadAuthorizationFilters _authorization = authorization.For(context, read);

    /// <summary>ALPN values Istio clients offer on mesh mTLS (ours offer "istio"); app TLS offers none of them.</summary>
    public static readonly IReadOnlyList<string> MeshAlpn = [MeshTls.MeshAlpn, "istio-peer-exchange", "istio-http/1.0", "istio-http/1.1", "istio-h2"];

    private enum ChainKind
    {
        MeshTls,
        Plaintext,
        AppTls,
    }

    /// <summary>
    /// virtualInbound with the chains of every captured port (none with INTERCEPTION_MODE NONE: nothing is
    /// redirected to 15006), then a listener bound to <c>bind:port</c> for each ingress port that is not captured.
    /// </summary>
    public IEnumerable<Listener> Build()
    {
        var labels = context.Workload?.Labels ?? new Dictionary<string, string>();
        read.Add(Dependency.Config(PeerAuthenticationResolver.Kind));
        var mtls = PeerAuthenticationResolver.Resolve(context.Push.Config, context.Push.Mesh.EffectiveRootNamespace, context.Namespace, labels);
        var ports = Ports();
        var mode = SidecarCapture.ModeOf(context);

        if (mode != InterceptionMode.None)
        {
            yield return VirtualInboundListener(mode, mtls, ports.Where(p => p.Bind is null).ToList());
        }

        foreach (var port in ports.Where(p => p.Bind is not null))
        {
            yield return BoundListener(mtls, port);
        }
    }

    private Listener VirtualInboundListener(InterceptionMode mode, EffectiveMtls mtls, IReadOnlyList<InboundPort> ports)
    {
        var listener = new Listener
        {
            Name = VirtualInbound,
            Address = ListenerParts.Socket(ListenerParts.AnyAddress, VirtualInboundPort),
            TrafficDirection = TrafficDirection.Inbound,
        };
        if (mode == InterceptionMode.Tproxy)
        {
            listener.Transparent = true;
        }

        listener.ListenerFilters.Add(ListenerParts.OriginalDst());
        listener.ListenerFilters.Add(ListenerParts.TlsInspector());
        if (ports.Any(p => p.Protocol == ServiceProtocol.Unknown))
        {
            listener.ListenerFilters.Add(ListenerParts.HttpInspector());
        }

        foreach (var port in ports)
        {
            foreach (var kind in Kinds(mtls.ModeFor(port.Number)))
            {
                listener.FilterChains.Add(Chains(port, kind));
            }
        }

        foreach (var kind in Kinds(mtls.Mode))
        {
            listener.FilterChains.Add(PassthroughChain(kind));
        }

        return listener;
    }

    /// <summary>
    /// An ingress port that owns its socket, named <c>bind_port</c> as in Istio: the same chains the port
    /// would have in virtualInbound, without original_dst (the socket is the destination) or a passthrough.
    /// </summary>
    private Listener BoundListener(EffectiveMtls mtls, InboundPort port)
    {
        var listener = new Listener
        {
            Name = ListenerParts.Name(port.Bind!, port.Number),
            Address = ListenerParts.Socket(port.Bind!, port.Number),
            TrafficDirection = TrafficDirection.Inbound,
        };
        foreach (var kind in Kinds(mtls.ModeFor(port.Number)))
        {
            listener.FilterChains.Add(Chains(port, kind));
        }

        if (listener.FilterChains.Any(c => c.FilterChainMatch?.TransportProtocol == EnvoyFilterNames.TransportTls))
        {
            listener.ListenerFilters.Add(ListenerParts.TlsInspector());
        }

        if (port.Protocol == ServiceProtocol.Unknown)
        {
            listener.ListenerFilters.Add(ListenerParts.HttpInspector());
        }

        return listener;
    }

    /// <summary>The workload's ports, lowest first; a port listed twice keeps its first protocol.</summary>
    public IReadOnlyList<InboundPort> Ports()
    {
        var ports = new Dictionary<uint, InboundPort>();
        var mode = SidecarCapture.ModeOf(context);
        if (scope.Ingress.Count > 0)
        {
            foreach (var ingress in scope.Ingress)
            {
                if (ingress.Port?.Number is { } number)
                {
                    var bind = SidecarCapture.IngressBindsToPort(ingress, mode) ? SidecarCapture.IngressBind(ingress, context.Workload) : null;
                    ports.TryAdd(number, new InboundPort(number, ServiceProtocols.Of(ingress.Port.Protocol, ingress.Port.Name), bind));
                }
            }
        }
        else if (mode != InterceptionMode.None)
        {
            // Without capture, binding the registry's ports would take them from the application itself:
            // as in Istio, only the Sidecar's ingress listeners define inbound listeners then.
            read.Add(Dependency.Service(Dependency.AnyHost));
            read.Add(Dependency.Endpoints(Dependency.AnyHost));
            var addresses = new HashSet<string>(context.Workload?.Addresses ?? [], StringComparer.Ordinal);
            // Only services this namespace sees, as the inbound clusters these chains point at: a service
            // exported elsewhere would give a chain to a cluster that does not exist, and the cache scopes a
            // change of it to the namespaces that see it, so its listener would also go stale.
            foreach (var service in context.Push.Registry.VisibleTo(context.Namespace))
            {
                foreach (var instance in context.Push.Registry.Instances(service.Key))
                {
                    if (addresses.Contains(instance.Address))
                    {
                        ports.TryAdd(instance.Port, new InboundPort(instance.Port, ServiceProtocols.Of(instance.ServicePort.Protocol, instance.ServicePort.Name)));
                    }
                }
            }
        }

        return ports.Values.OrderBy(p => p.Number).ToList();
    }

    private static IEnumerable<ChainKind> Kinds(MutualTlsMode mode) => mode switch
    {
        MutualTlsMode.Strict => [ChainKind.MeshTls],
        MutualTlsMode.Disable => [ChainKind.Plaintext, ChainKind.AppTls],
        _ => [ChainKind.MeshTls, ChainKind.Plaintext, ChainKind.AppTls],
    };

    private IEnumerable<FilterChain> Chains(InboundPort port, ChainKind kind)
    {
        var cluster = ClusterName.ForInbound(port.Number);
        var target = new AuthorizationTarget(ProxyKind.Sidecar, port.Number);
        var http = port.Protocol.IsHttp() && kind != ChainKind.AppTls;
        var sniff = port.Protocol == ServiceProtocol.Unknown && kind == ChainKind.Plaintext;

        if (http || sniff)
        {
            var chain = Chain($"{cluster}{Suffix(kind)}-http", port.Number, kind, HttpFilter(port.Number, target));
            if (sniff)
            {
                chain.FilterChainMatch.ApplicationProtocols.Add(ListenerParts.SniffedHttpAlpn);
            }

            yield return chain;
        }

        if (!http)
        {
            yield return Chain($"{cluster}{Suffix(kind)}-tcp", port.Number, kind, [.. _authorization.NetworkFilters(target), TcpProxies.ToCluster(cluster, cluster)]);
        }
    }

    private FilterChain PassthroughChain(ChainKind kind)
    {
        var target = new AuthorizationTarget(ProxyKind.Sidecar, 0);
        return Chain($"{ClusterName.InboundPassthrough}{Suffix(kind)}", null, kind,
            [.. _authorization.NetworkFilters(target), TcpProxies.ToCluster(ClusterName.InboundPassthrough, ClusterName.InboundPassthrough)]);
    }

    private Filter[] HttpFilter(uint port, AuthorizationTarget target)
    {
        var cluster = ClusterName.ForInbound(port);
        var routes = new RouteConfiguration { Name = cluster, ValidateClusters = false };
        var host = new VirtualHost { Name = $"inbound|http|{port.ToString(CultureInfo.InvariantCulture)}", Domains = { "*" } };
        host.Routes.Add(new global::Envoy.Config.Route.V3.Route
        {
            Name = "default",
            Match = new RouteMatch { Prefix = "/" },
            // Timeouts belong to the caller's side; the inbound hop waits as long as the workload takes.
            Route_ = new RouteAction { Cluster = cluster, Timeout = new Google.Protobuf.WellKnownTypes.Duration() },
        });
        routes.VirtualHosts.Add(host);
        return [HttpConnectionManagers.WithRoutes($"inbound_0.0.0.0_{port.ToString(CultureInfo.InvariantCulture)}", routes, _authorization.HttpFilters(target))];
    }

    private static FilterChain Chain(string name, uint? port, ChainKind kind, IEnumerable<Filter> filters)
    {
        var match = new FilterChainMatch { DestinationPort = port };
        switch (kind)
        {
            case ChainKind.MeshTls:
                match.TransportProtocol = EnvoyFilterNames.TransportTls;
                match.ApplicationProtocols.Add(MeshAlpn);
                break;
            case ChainKind.Plaintext:
                match.TransportProtocol = EnvoyFilterNames.TransportRaw;
                break;
            case ChainKind.AppTls:
                match.TransportProtocol = EnvoyFilterNames.TransportTls;
                break;
        }

        var chain = new FilterChain { Name = name, FilterChainMatch = match };
        chain.Filters.Add(filters);
        if (kind == ChainKind.MeshTls)
        {
            chain.TransportSocket = MeshTls.Server();
        }

        return chain;
    }

    private static string Suffix(ChainKind kind) => kind switch
    {
        ChainKind.MeshTls => "-mtls",
        ChainKind.Plaintext => "-plaintext",
        _ => "-apptls",
    };
}
