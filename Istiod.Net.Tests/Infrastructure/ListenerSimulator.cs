using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Istiod.Net.Xds.Generation.Listeners;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Picks the listener and filter chain Envoy would give a connection, following Envoy's documented
/// filter_chain_match order: destination port, destination IP, server name, transport protocol,
/// application protocols. At each level only the most specific matching chains go on, and there is no
/// going back: when the chosen group has no match at a later level, the connection gets the default
/// filter chain or is closed (null). Two chains still tied at the end is a listener Envoy would refuse:
/// the simulator throws.
/// </summary>
public sealed class ListenerSimulator(IEnumerable<Listener> listeners)
{
    private readonly IReadOnlyList<Listener> _listeners = listeners.ToList();

    /// <summary>
    /// A connection a sidecar captured on its way out: it enters <c>virtualOutbound</c>, whose original_dst
    /// hands it to the listener of the exact destination address, else of 0.0.0.0 on that port.
    /// </summary>
    public ListenerMatch? Outbound(ListenerCall call)
    {
        var virtualOutbound = Named("virtualOutbound");
        var target = virtualOutbound.UseOriginalDst == true
            ? Bound(call.DestinationIp, call.Port, handOff: true) ?? Bound("0.0.0.0", call.Port, handOff: true) ?? virtualOutbound
            : virtualOutbound;
        return Match(target, call);
    }

    /// <summary>A connection redirected to the sidecar's inbound side: <c>virtualInbound</c> matches by its original port.</summary>
    public ListenerMatch? Inbound(ListenerCall call) => Match(Named("virtualInbound"), call);

    /// <summary>A connection to a port the proxy binds itself (gateways).</summary>
    public ListenerMatch? Direct(ListenerCall call) => Direct(ListenerParts.AnyAddress, call);

    /// <summary>
    /// A connection to <paramref name="ip"/>:port that no iptables rule captures (INTERCEPTION_MODE NONE): it
    /// reaches only a listener bound to that address, or to 0.0.0.0, on that port.
    /// </summary>
    public ListenerMatch? Direct(string ip, ListenerCall call)
    {
        var listener = Bound(ip, call.Port, handOff: false) ?? Bound(ListenerParts.AnyAddress, call.Port, handOff: false);
        return listener is null ? null : Match(listener, call);
    }

    public Listener Named(string name) =>
        _listeners.SingleOrDefault(l => l.Name == name) ?? throw new InvalidOperationException($"no listener {name}");

    private Listener? Bound(string ip, uint port, bool handOff) => _listeners.FirstOrDefault(l =>
        l.Address?.SocketAddress is { } address && address.Address == ip && address.PortValue == port
        && (handOff ? l.BindToPort == false : l.BindToPort != false));

    public static ListenerMatch? Match(Listener listener, ListenerCall call)
    {
        var inspectors = listener.ListenerFilters.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var tlsSeen = inspectors.Contains("envoy.filters.listener.tls_inspector") && call.Tls;
        var transport = tlsSeen ? "tls" : "raw_buffer";
        var sni = tlsSeen ? call.Sni : null;
        var alpn = tlsSeen
            ? call.Alpn
            : inspectors.Contains("envoy.filters.listener.http_inspector") && !call.Tls && call.PlaintextHttp is { } http ? [http] : (IReadOnlyList<string>)[];

        IReadOnlyList<FilterChain> chains = listener.FilterChains;
        chains = Narrow(chains, c => c.FilterChainMatch?.DestinationPort is { } p ? (p == call.Port ? 1 : -1) : 0);
        chains = Narrow(chains, c => c.FilterChainMatch?.PrefixRanges.Count > 0 ? throw new NotSupportedException("prefix_ranges") : 0);
        chains = Narrow(chains, c => ServerNameScore(c.FilterChainMatch?.ServerNames, sni));
        chains = Narrow(chains, c => string.IsNullOrEmpty(c.FilterChainMatch?.TransportProtocol) ? 0 : c.FilterChainMatch.TransportProtocol == transport ? 1 : -1);
        chains = Narrow(chains, c => c.FilterChainMatch?.ApplicationProtocols is { Count: > 0 } wanted ? (wanted.Any(alpn.Contains) ? 1 : -1) : 0);

        if (chains.Count > 1)
        {
            throw new InvalidOperationException($"listener {listener.Name}: chains {string.Join(", ", chains.Select(c => c.Name))} tie; Envoy refuses such a listener");
        }

        var chain = chains.Count == 1 ? chains[0] : listener.DefaultFilterChain;
        return chain is null ? null : Describe(listener, chain);
    }

    /// <summary>Keeps the chains with the best non-negative score (negative = does not match).</summary>
    private static IReadOnlyList<FilterChain> Narrow(IReadOnlyList<FilterChain> chains, Func<FilterChain, int> score)
    {
        var scored = chains.Select(c => (Chain: c, Score: score(c))).Where(s => s.Score >= 0).ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Max(s => s.Score);
        return scored.Where(s => s.Score == best).Select(s => s.Chain).ToList();
    }

    /// <summary>An exact name beats the longest wildcard suffix ("*.b.example.com" over "*.example.com"), which beats no names.</summary>
    private static int ServerNameScore(IEnumerable<string>? names, string? sni)
    {
        var list = names?.ToList() ?? [];
        if (list.Count == 0)
        {
            return 0;
        }

        if (sni is null)
        {
            return -1;
        }

        if (list.Contains(sni))
        {
            return 10_000;
        }

        var best = -1;
        foreach (var name in list.Where(n => n.StartsWith("*.", StringComparison.Ordinal)))
        {
            if (sni.EndsWith(name[1..], StringComparison.Ordinal) && sni.Length > name.Length - 1)
            {
                best = Math.Max(best, name.Length);
            }
        }

        return best;
    }

    private static ListenerMatch Describe(Listener listener, FilterChain chain)
    {
        var result = new ListenerMatch(listener.Name, chain.Name) { TransportSocket = chain.TransportSocket };
        foreach (var filter in chain.Filters)
        {
            if (filter.TypedConfig.Is(HttpConnectionManager.Descriptor))
            {
                var manager = filter.TypedConfig.Unpack<HttpConnectionManager>();
                result = result with
                {
                    RouteConfigName = manager.Rds?.RouteConfigName,
                    InlineRoutes = manager.RouteConfig,
                    HttpFilters = manager.HttpFilters.Select(f => f.Name).ToList(),
                };
            }
            else if (filter.TypedConfig.Is(TcpProxy.Descriptor))
            {
                var proxy = filter.TypedConfig.Unpack<TcpProxy>();
                result = result with
                {
                    TcpClusters = proxy.HasCluster
                        ? [(proxy.Cluster, 1u)]
                        : proxy.WeightedClusters.Clusters.Select(c => (c.Name, c.Weight)).ToList(),
                };
            }
        }

        return result;
    }
}
