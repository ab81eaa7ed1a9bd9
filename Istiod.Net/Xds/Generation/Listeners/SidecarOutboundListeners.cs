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
/// traffic policy.
/// </summary>
public sealed class SidecarOutboundListeners(GenerationContext context, SidecarScope scope, DependencyRecorder read, ILogger logger)
{
    public const string VirtualOutbound = "virtualOutbound";
    public const uint VirtualOutboundPort = 15001;

    private readonly Dictionary<string, ListenerDraft> _drafts = new(StringComparer.Ordinal);

    public IEnumerable<Listener> Build()
    {
        yield return VirtualOutboundListener();

        foreach (var (service, port, protocol) in Ports())
        {
            var vip = Vip(service);
            if (protocol.IsHttp())
            {
                Draft(ListenerParts.AnyAddress, port.Number).AddHttp();
            }
            else if (vip is not null)
            {
                AddWithVip(service, port, protocol, vip);
            }
            else
            {
                AddWithoutVip(service, port, protocol);
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

    private Listener VirtualOutboundListener()
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
        listener.ListenerFilters.Add(ListenerParts.OriginalDst());
        listener.FilterChains.Add(new FilterChain
        {
            Name = blackHole ? "BlackHoleFilterChain" : "PassthroughFilterChain",
            Filters = { TcpProxies.ToCluster(cluster, cluster) },
        });
        return listener;
    }

    private IEnumerable<(Service Service, RegistryServicePort Port, ServiceProtocol Protocol)> Ports()
    {
        read.Add(Dependency.Service(Dependency.AnyHost));
        foreach (var service in scope.Services)
        {
            foreach (var port in service.Ports)
            {
                if (EgressAdmits(service, port.Number))
                {
                    yield return (service, port, ServiceProtocols.Of(port.Protocol, port.Name));
                }
            }
        }
    }

    private bool EgressAdmits(Service service, uint port) =>
        scope.Egress.Count == 0
        || scope.Egress.Any(listener =>
            (listener.Port?.Number is not { } number || number == port)
            && (listener.Hosts ?? []).Any(h => SidecarScope.AdmitsHost(h, service, scope.Sidecar!.Meta.Namespace)));

    private void AddWithVip(Service service, RegistryServicePort port, ServiceProtocol protocol, string vip)
    {
        var draft = Draft(vip, port.Number);
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
        var draft = Draft(ListenerParts.AnyAddress, port.Number);
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

    private ListenerDraft Draft(string ip, uint port)
    {
        var name = ListenerParts.Name(ip, port);
        if (!_drafts.TryGetValue(name, out var draft))
        {
            draft = new ListenerDraft(name, ip, port);
            _drafts[name] = draft;
        }

        return draft;
    }

    /// <summary>The address of a service's VIP listener: its first plain IP that is not the wildcard.</summary>
    private static string? Vip(Service service) =>
        service.Addresses.FirstOrDefault(a => !a.Contains('/') && a != ListenerParts.AnyAddress && a != "::"
            && System.Net.IPAddress.TryParse(a, out _));
}
