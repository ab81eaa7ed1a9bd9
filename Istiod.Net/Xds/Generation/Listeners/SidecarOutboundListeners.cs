using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Microsoft.Extensions.Logging;
using RegistryServicePort = Istiod.Net.Registry.ServicePort;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// A sidecar's outbound side: <c>virtualOutbound</c> on 15001 takes every redirected connection and hands it
/// to the listener of its original destination (bind_to_port false): <c>0.0.0.0_port</c> for HTTP (RDS
/// <c>port</c>), <c>vip_port</c> for TCP, TLS and unknown protocols of services with an address, and the
/// wildcard listener for those without one. What no listener claims goes to the catch-all of the outbound
/// traffic policy. A Sidecar's egress listeners decide which services each port serves; one that is not
/// captured (the proxy's INTERCEPTION_MODE or its captureMode is NONE) binds its port itself, on its bind
/// address or 127.0.0.1, and with INTERCEPTION_MODE NONE there is no <c>virtualOutbound</c> at all.
/// </summary>
public sealed class SidecarOutboundListeners(GenerationContext context, SidecarScope scope, DependencyRecorder read, ILogger logger)
{
    public const string VirtualOutbound = "virtualOutbound";
    public const uint VirtualOutboundPort = 15001;

    private readonly Dictionary<string, ListenerDraft> _drafts = new(StringComparer.Ordinal);

    /// <summary>Listeners built by port-specific egress listeners, which the catch-all may not add to.</summary>
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);

    public IEnumerable<Listener> Build()
    {
        var mode = SidecarCapture.ModeOf(context);
        if (mode != InterceptionMode.None)
        {
            // Without capture nothing is redirected to 15001: Istio leaves the listener out.
            yield return VirtualOutboundListener(mode);
        }

        read.Add(Dependency.Service(Dependency.AnyHost));
        IReadOnlyList<IstioEgressListener?> egress = scope.Egress.Count > 0 ? [.. scope.Egress] : [null];
        foreach (var listener in egress)
        {
            if (listener?.Port is null)
            {
                // The catch-all comes last (validation): what earlier listeners built keeps only their hosts.
                _locked.UnionWith(_drafts.Keys);
            }
            else if (listener.Port.Number is 0 or null)
            {
                Log.UnixEgressSkipped(logger, context.View.ToString(), listener.Bind ?? "");
                continue;
            }

            var bindToPort = SidecarCapture.EgressBindsToPort(listener, mode);
            var bind = SidecarCapture.EgressBind(listener, bindToPort);
            foreach (var (service, port, protocol) in Ports(listener))
            {
                Add(service, port, protocol, bind, bindToPort);
            }
        }

        foreach (var draft in _drafts.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (draft.ToListener(context, logger) is { } listener)
            {
                yield return listener;
            }
        }
    }

    private void Add(Service service, RegistryServicePort port, ServiceProtocol protocol, string? bind, bool bindToPort)
    {
        if (protocol.IsHttp())
        {
            Draft(bind ?? ListenerParts.AnyAddress, port.Number, bindToPort)?.AddHttp();
        }
        else if ((bind ?? Vip(service)) is { } ip)
        {
            AddWithVip(service, port, protocol, ip, bindToPort);
        }
        else
        {
            AddWithoutVip(service, port, protocol);
        }
    }

    private Listener VirtualOutboundListener(InterceptionMode mode)
    {
        var blackHole = scope.OutboundMode == OutboundTrafficMode.RegistryOnly;
        var cluster = blackHole ? ClusterName.BlackHole : ClusterName.Passthrough;
        var listener = new Listener
        {
            Name = VirtualOutbound,
            Address = ListenerParts.Socket(ListenerParts.AnyAddress, VirtualOutboundPort),
            UseOriginalDst = true,
            TrafficDirection = TrafficDirection.Outbound,
        };
        if (mode == InterceptionMode.Tproxy)
        {
            // TPROXY keeps the original destination on the socket; Envoy must accept it as its own.
            listener.Transparent = true;
        }

        listener.ListenerFilters.Add(ListenerParts.OriginalDst());
        listener.FilterChains.Add(new FilterChain
        {
            Name = blackHole ? "BlackHoleFilterChain" : "PassthroughFilterChain",
            Filters = { TcpProxies.ToCluster(cluster, cluster) },
        });
        return listener;
    }

    /// <summary>
    /// What one egress listener (null: no Sidecar egress, everything visible) serves: the services its hosts
    /// admit, on its port only when it has one (spoken as the listener's protocol when it names one), else on
    /// every port of theirs.
    /// </summary>
    private IEnumerable<(Service Service, RegistryServicePort Port, ServiceProtocol Protocol)> Ports(IstioEgressListener? listener)
    {
        foreach (var service in scope.ServicesFor(listener))
        {
            foreach (var port in service.Ports)
            {
                if (listener?.Port?.Number is { } number)
                {
                    if (port.Number == number)
                    {
                        var declared = listener.Port.Protocol;
                        yield return (service, port, string.IsNullOrEmpty(declared)
                            ? ServiceProtocols.Of(port.Protocol, port.Name)
                            : ServiceProtocols.Of(declared, listener.Port.Name));
                    }
                }
                else
                {
                    yield return (service, port, ServiceProtocols.Of(port.Protocol, port.Name));
                }
            }
        }
    }

    private void AddWithVip(Service service, RegistryServicePort port, ServiceProtocol protocol, string vip, bool bindToPort)
    {
        if (Draft(vip, port.Number, bindToPort) is not { } draft)
        {
            return;
        }

        if (draft.Owner is { } owner && owner != service.Hostname)
        {
            Log.OutboundConflict(logger, draft.Name, context.View.ToString(), service.Hostname, owner);
            return;
        }

        draft.Owner = service.Hostname;
        var vs = VirtualService(service.Hostname);
        if (protocol.IsTls())
        {
            AddTlsRoutes(draft, vs, port.Number);
        }

        if (protocol == ServiceProtocol.Unknown)
        {
            draft.AddHttp();
            draft.Sniff = true;
        }

        draft.SetDefaultTcp(TcpTargets(service, vs, port.Number));
    }

    private void AddWithoutVip(Service service, RegistryServicePort port, ServiceProtocol protocol)
    {
        if (Draft(ListenerParts.AnyAddress, port.Number, bindToPort: false) is not { } draft)
        {
            return;
        }

        var vs = VirtualService(service.Hostname);
        if (protocol.IsTls())
        {
            // Without an address to tell services apart, only the SNI can.
            var before = draft.SniChains.Count;
            AddTlsRoutes(draft, vs, port.Number);
            if (draft.SniChains.Count == before)
            {
                draft.AddSni([service.Hostname], TcpTargets(service, null, port.Number));
            }

            return;
        }

        if (protocol == ServiceProtocol.Unknown)
        {
            draft.AddHttp();
            draft.Sniff = true;
        }

        if (draft.DefaultTcp is not null)
        {
            Log.OutboundConflict(logger, draft.Name, context.View.ToString(), service.Hostname, draft.Owner ?? "another service");
            return;
        }

        draft.Owner ??= service.Hostname;
        draft.SetDefaultTcp(TcpTargets(service, vs, port.Number));
    }

    private void AddTlsRoutes(ListenerDraft draft, VirtualServiceEntry? vs, uint port)
    {
        foreach (var route in vs?.Spec.Tls ?? [])
        {
            foreach (var match in route.Match ?? [])
            {
                if (match.SniHosts is not { Count: > 0 } sni || !L4Matches.Applies(match.Port, match.SourceLabels, match.Gateways, match.SourceNamespace, port, context))
                {
                    continue;
                }

                draft.AddSni(sni, RouteDestinationTargets.Of(route.Route, vs!.Namespace, port, context, read));
            }
        }
    }

    private IReadOnlyList<WeightedTarget> TcpTargets(Service service, VirtualServiceEntry? vs, uint port)
    {
        foreach (var route in vs?.Spec.Tcp ?? [])
        {
            var applies = route.Match is not { Count: > 0 } matches
                || matches.Any(m => L4Matches.Applies(m.Port, m.SourceLabels, m.Gateways, m.SourceNamespace, port, context));
            if (applies && RouteDestinationTargets.Of(route.Route, vs!.Namespace, port, context, read) is { Count: > 0 } targets)
            {
                return targets;
            }
        }

        return [new WeightedTarget(ClusterName.ForOutbound(port, "", service.Hostname), 1)];
    }

    private VirtualServiceEntry? VirtualService(string host)
    {
        read.Add(Dependency.VirtualService(host));
        return context.Push.VirtualServices.ForHost(host, context.Namespace);
    }

    /// <summary>The listener for an address and port, or null when a port-specific egress listener locked it.</summary>
    private ListenerDraft? Draft(string ip, uint port, bool bindToPort)
    {
        var name = ListenerParts.Name(ip, port);
        if (_locked.Contains(name))
        {
            return null;
        }

        if (!_drafts.TryGetValue(name, out var draft))
        {
            draft = new ListenerDraft(name, ip, port) { BindToPort = bindToPort };
            _drafts[name] = draft;
        }

        return draft;
    }

    /// <summary>The address of a service's VIP listener: its first plain IP that is not the wildcard.</summary>
    private static string? Vip(Service service) =>
        service.Addresses.FirstOrDefault(a => !a.Contains('/') && a != ListenerParts.AnyAddress && a != "::"
            && System.Net.IPAddress.TryParse(a, out _));
}
