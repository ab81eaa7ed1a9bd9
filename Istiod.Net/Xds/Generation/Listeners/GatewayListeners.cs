using System.Globalization;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// A gateway's listeners: the servers of every Gateway whose selector matches the proxy's labels (in any
/// namespace, as Istio does by default), merged per port into one <c>0.0.0.0_port</c> listener. Plain HTTP
/// servers on a port share one HCM (<c>http.port</c>); TLS servers get chains by SNI. A server that cannot
/// share its port (plaintext beside TLS, a second TCP server, hosts already taken) is left out and logged.
/// </summary>
public sealed class GatewayListeners(GenerationContext context, IAuthorizationFilterSource authorization, DependencyRecorder read, ILogger logger)
{
    public const string GatewayKind = "Gateway";

    /// <summary>One workload's filters for this whole generation: built once, copied into each chain.</summary>
    private readonly IWorkloadAuthorizationFilters _authorization = authorization.For(context, read);

    public IEnumerable<Listener> Build()
    {
        foreach (var group in Servers().GroupBy(s => s.Port).OrderBy(g => g.Key))
        {
            if (BuildPort(group.Key, group.ToList()) is { } listener)
            {
                yield return listener;
            }
        }
    }

    /// <summary>Servers of the selected Gateways in Istio's precedence (oldest, then name, then namespace), so conflicts resolve as there.</summary>
    public IEnumerable<GatewayServer> Servers()
    {
        read.Add(Dependency.Config(GatewayKind));
        var labels = context.Workload?.Labels ?? new Dictionary<string, string>();
        var gateways = context.Push.Config.List(GatewayKind).Order(IstioPrecedence.Instance);
        foreach (var gateway in gateways)
        {
            var spec = gateway.SpecAs<GatewaySpec>();
            if (!(spec.Selector ?? new Dictionary<string, string>()).All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
            {
                continue;
            }

            foreach (var server in spec.Servers ?? [])
            {
                if (server.Port?.Number is { } port and > 0)
                {
                    yield return new GatewayServer(gateway, server, port, GatewayServer.KindOf(server));
                }
            }
        }
    }

    private Listener? BuildPort(uint port, IReadOnlyList<GatewayServer> servers)
    {
        var listener = new Listener
        {
            Name = ListenerParts.Name(ListenerParts.AnyAddress, port),
            Address = ListenerParts.Socket(ListenerParts.AnyAddress, port),
            TrafficDirection = TrafficDirection.Outbound,
        };
        var target = new AuthorizationTarget(ProxyKind.Router, port);
        var plaintext = servers[0].Kind is GatewayServerKind.PlainHttp or GatewayServerKind.PlainTcp;
        var takenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        string? winner = null;

        foreach (var server in servers)
        {
            var isPlain = server.Kind is GatewayServerKind.PlainHttp or GatewayServerKind.PlainTcp;
            var mergesHttp = server.Kind == GatewayServerKind.PlainHttp && servers[0].Kind == GatewayServerKind.PlainHttp;
            if (isPlain != plaintext || (plaintext && winner is not null && !mergesHttp))
            {
                // Plaintext and TLS cannot share a port, nor two TCP servers; HTTP servers merge into one HCM.
                Log.GatewayServerConflict(logger, server.GatewayRef, port, string.Join(",", server.Hosts), winner ?? servers[0].GatewayRef);
                continue;
            }

            switch (server.Kind)
            {
                case GatewayServerKind.PlainHttp:
                    if (winner is null)
                    {
                        listener.FilterChains.Add(new FilterChain
                        {
                            Name = "http",
                            Filters = { HttpConnectionManagers.WithRds(StatPrefix(port), HttpRouteName(port), _authorization.HttpFilters(target), useRemoteAddress: true) },
                        });
                    }

                    break;
                case GatewayServerKind.PlainTcp:
                    if (TcpTargets(server) is { Count: > 0 } tcp)
                    {
                        listener.FilterChains.Add(new FilterChain { Name = "tcp", Filters = { TcpFilters(target, tcp) } });
                    }
                    else
                    {
                        Log.GatewayServerEmpty(logger, server.GatewayRef, port);
                    }

                    break;
                case GatewayServerKind.Passthrough:
                    AddPassthrough(listener, server, takenNames, target);
                    break;
                default:
                    AddTerminated(listener, server, takenNames, target);
                    break;
            }

            winner ??= server.GatewayRef;
        }

        if (listener.FilterChains.Count == 0)
        {
            return null;
        }

        if (!plaintext)
        {
            listener.ListenerFilters.Add(ListenerParts.TlsInspector());
        }

        return listener;
    }

    private void AddTerminated(Listener listener, GatewayServer server, Dictionary<string, string> takenNames, AuthorizationTarget target)
    {
        var http = server.Kind == GatewayServerKind.TerminatedHttps;
        var socket = GatewayTls.Downstream(server.Server.Tls, http ? ["h2", "http/1.1"] : []);
        IReadOnlyList<WeightedTarget> tcp = http ? [] : TcpTargets(server);
        if (socket is null || (!http && tcp.Count == 0))
        {
            // Checked before claiming its names, so a server that cannot be served does not shadow a later one.
            Log.GatewayServerEmpty(logger, server.GatewayRef, server.Port);
            return;
        }

        if (Claim(server, server.Hosts, takenNames) is not { } names)
        {
            return;
        }

        var chain = new FilterChain
        {
            Name = http ? server.HttpsRouteName : $"tls.{server.Port}.{server.GatewayRef}",
            FilterChainMatch = Match(names),
            TransportSocket = socket,
        };
        if (http)
        {
            chain.Filters.Add(HttpConnectionManagers.WithRds(StatPrefix(server.Port), server.HttpsRouteName, _authorization.HttpFilters(target), useRemoteAddress: true));
        }
        else
        {
            chain.Filters.Add(TcpFilters(target, tcp));
        }

        listener.FilterChains.Add(chain);
    }

    private void AddPassthrough(Listener listener, GatewayServer server, Dictionary<string, string> takenNames, AuthorizationTarget target)
    {
        var added = false;
        foreach (var (vs, spec) in BoundVirtualServices(server))
        {
            foreach (var route in spec.Tls ?? [])
            {
                foreach (var match in route.Match ?? [])
                {
                    if (match.SniHosts is not { Count: > 0 } sni
                        || !L4Matches.Applies(match.Port, match.SourceLabels, match.Gateways, match.SourceNamespace, server.Port, context, g => Names(g, vs, server)))
                    {
                        continue;
                    }

                    var inServer = sni.Where(s => server.Hosts.Any(h => Hostnames.Overlap(h, s))).ToList();
                    var targets = RouteDestinationTargets.Of(route.Route, vs.Meta.Namespace, server.Port, context, read);
                    if (inServer.Count == 0 || targets.Count == 0 || Claim(server, inServer, takenNames) is not { } names)
                    {
                        continue;
                    }

                    listener.FilterChains.Add(new FilterChain
                    {
                        Name = $"passthrough:{string.Join(',', names)}",
                        FilterChainMatch = Match(names),
                        Filters = { TcpFilters(target, targets) },
                    });
                    added = true;
                }
            }
        }

        if (!added)
        {
            Log.GatewayServerEmpty(logger, server.GatewayRef, server.Port);
        }
    }

    /// <summary>The first tcp route of a VirtualService bound to the server that applies to its port.</summary>
    private IReadOnlyList<WeightedTarget> TcpTargets(GatewayServer server)
    {
        foreach (var (vs, spec) in BoundVirtualServices(server))
        {
            foreach (var route in spec.Tcp ?? [])
            {
                var applies = route.Match is not { Count: > 0 } matches
                    || matches.Any(m => L4Matches.Applies(m.Port, m.SourceLabels, m.Gateways, m.SourceNamespace, server.Port, context, g => Names(g, vs, server)));
                if (applies && RouteDestinationTargets.Of(route.Route, vs.Meta.Namespace, server.Port, context, read) is { Count: > 0 } targets)
                {
                    return targets;
                }
            }
        }

        return [];
    }

    /// <summary>VirtualServices whose gateways name the server's Gateway and whose hosts its hosts admit, oldest first.</summary>
    private IEnumerable<(ConfigObject Config, VirtualServiceSpec Spec)> BoundVirtualServices(GatewayServer server)
    {
        // Admits needs a VirtualService host to overlap a server host, so those hosts (patterns, "*" included)
        // are all this reads; a change carries the VirtualService's hosts before and after, re-binding included.
        foreach (var host in server.Hosts)
        {
            read.Add(Dependency.VirtualService(host.Trim().ToLowerInvariant()));
        }

        return context.Push.Config.List(ConfigKinds.VirtualService)
            .Order(IstioPrecedence.Instance)
            .Select(v => (Config: v, Spec: v.SpecAs<VirtualServiceSpec>()))
            .Where(v => Names(v.Spec.Gateways ?? [], v.Config, server)
                // Exported to the proxy's namespace, not the Gateway's: what Istio does (VirtualServicesForGateway takes
                // the proxy's config namespace), what the route generator does, and what cache invalidation checks.
                && Visibility.FromExportTo(v.Spec.ExportTo, v.Config.Meta.Namespace).IsVisibleTo(context.Namespace)
                && server.Admits(v.Config, (v.Spec.Hosts ?? []).Select(h => Hostnames.Resolve(h, v.Config.Meta.Namespace, context.Push.DnsDomain))));
    }

    /// <summary>Whether a gateways list ("name" in the VirtualService's namespace, or "ns/name") names the server's Gateway.</summary>
    private static bool Names(IReadOnlyList<string> gateways, ConfigObject vs, GatewayServer server) =>
        gateways.Any(g => (g.Contains('/') ? g : $"{vs.Meta.Namespace}/{g}") == server.GatewayRef);

    /// <summary>
    /// Takes the server names a chain will match (name → the Gateway that took it); names another chain of
    /// the port has already taken are dropped (Envoy refuses duplicate matches), and a server left with none
    /// is a conflict, logged with the Gateway that keeps the names.
    /// </summary>
    private IReadOnlyList<string>? Claim(GatewayServer server, IReadOnlyList<string> hosts, Dictionary<string, string> taken)
    {
        var wanted = hosts.Contains("*") ? ["*"] : hosts;
        var fresh = wanted.Where(h => taken.TryAdd(h, server.GatewayRef)).ToList();
        if (fresh.Count == 0)
        {
            var owners = wanted.Select(h => taken[h]).Distinct(StringComparer.Ordinal);
            Log.GatewayServerConflict(logger, server.GatewayRef, server.Port, string.Join(",", hosts), string.Join(",", owners));
            return null;
        }

        return fresh;
    }

    private static FilterChainMatch Match(IReadOnlyList<string> names)
    {
        var match = new FilterChainMatch();
        if (!names.Contains("*"))
        {
            match.ServerNames.Add(names);
        }

        return match;
    }

    private IEnumerable<Filter> TcpFilters(AuthorizationTarget target, IReadOnlyList<WeightedTarget> targets) =>
        [.. _authorization.NetworkFilters(target), TcpProxies.ToClusters(targets[0].Cluster, targets)];

    private static string StatPrefix(uint port) => $"outbound_0.0.0.0_{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The RDS name of a port's plain HTTP servers: <c>http.port</c>.</summary>
    public static string HttpRouteName(uint port) => $"http.{port.ToString(CultureInfo.InvariantCulture)}";
}
