using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// One outbound per-port listener while services are added to it: an HTTP chain (RDS named after the
/// port), TLS chains by SNI, and one default TCP chain. Sniffing (protocol unknown) sends plaintext HTTP,
/// as http_inspector reports it, to the HTTP chain and everything else to the TCP one.
/// </summary>
public sealed class ListenerDraft(string name, string ip, uint port)
{
    private readonly HashSet<string> _serverNames = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    /// <summary>The service that claimed the listener's TCP side (VIP listeners belong to one service).</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// True when the listener owns its socket (traffic not captured); false when it only receives
    /// connections virtualOutbound hands over by original destination.
    /// </summary>
    public bool BindToPort { get; init; }

    public bool HasHttp { get; private set; }

    public bool Sniff { get; set; }

    public IReadOnlyList<WeightedTarget>? DefaultTcp { get; private set; }

    public List<(IReadOnlyList<string> ServerNames, IReadOnlyList<WeightedTarget> Targets)> SniChains { get; } = [];

    public void AddHttp() => HasHttp = true;

    public void SetDefaultTcp(IReadOnlyList<WeightedTarget> targets) => DefaultTcp ??= targets;

    /// <summary>Envoy refuses two chains with the same server name: the first route to claim a name keeps it.</summary>
    public void AddSni(IEnumerable<string> serverNames, IReadOnlyList<WeightedTarget> targets)
    {
        var fresh = serverNames.Where(n => _serverNames.Add(n)).ToList();
        if (fresh.Count > 0 && targets.Count > 0)
        {
            SniChains.Add((fresh, targets));
        }
    }

    public Listener? ToListener(GenerationContext context, ILogger logger)
    {
        var listener = new Listener
        {
            Name = Name,
            Address = ListenerParts.Socket(ip, port),
            // Istio leaves bind_to_port unset (true) on listeners that own their socket.
            BindToPort = BindToPort ? null : false,
            TrafficDirection = TrafficDirection.Outbound,
        };

        foreach (var (names, targets) in SniChains)
        {
            var chain = new FilterChain
            {
                Name = $"sni:{string.Join(',', names)}",
                FilterChainMatch = new FilterChainMatch { TransportProtocol = EnvoyFilterNames.TransportTls },
                Filters = { TcpProxies.ToClusters(targets[0].Cluster, targets) },
            };
            chain.FilterChainMatch.ServerNames.Add(names);
            listener.FilterChains.Add(chain);
        }

        var tcp = DefaultTcp;
        if (HasHttp && !Sniff && tcp is not null)
        {
            // Two chains with the same (empty) match make Envoy refuse the listener: HTTP keeps the port.
            Log.OutboundConflict(logger, Name, context.View.ToString(), Owner ?? "a TCP service", "an HTTP service");
            tcp = null;
        }

        var sniffing = Sniff && HasHttp && tcp is not null;
        if (HasHttp)
        {
            var chain = new FilterChain
            {
                Name = "http",
                Filters = { HttpConnectionManagers.WithRds($"outbound_{Name}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), []) },
            };
            if (sniffing)
            {
                chain.FilterChainMatch = new FilterChainMatch { TransportProtocol = EnvoyFilterNames.TransportRaw };
                chain.FilterChainMatch.ApplicationProtocols.Add(ListenerParts.SniffedHttpAlpn);
            }

            listener.FilterChains.Add(chain);
        }

        if (tcp is { Count: > 0 } && sniffing)
        {
            // The HTTP chain matches raw_buffer; a chain without a transport would lose to it at that level
            // and never be reached, so plaintext and TLS each get their own TCP chain.
            foreach (var transport in new[] { EnvoyFilterNames.TransportRaw, EnvoyFilterNames.TransportTls })
            {
                listener.FilterChains.Add(new FilterChain
                {
                    Name = $"tcp-{transport}",
                    FilterChainMatch = new FilterChainMatch { TransportProtocol = transport },
                    Filters = { TcpProxies.ToClusters(tcp[0].Cluster, tcp) },
                });
            }
        }
        else if (tcp is { Count: > 0 })
        {
            listener.FilterChains.Add(new FilterChain { Name = "tcp", Filters = { TcpProxies.ToClusters(tcp[0].Cluster, tcp) } });
        }

        if (listener.FilterChains.Count == 0)
        {
            return null;
        }

        if (SniChains.Count > 0 || sniffing)
        {
            listener.ListenerFilters.Add(ListenerParts.TlsInspector());
        }

        if (sniffing)
        {
            listener.ListenerFilters.Add(ListenerParts.HttpInspector());
        }

        return listener;
    }
}
