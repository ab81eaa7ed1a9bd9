using System.Globalization;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// A sidecar's outbound route configuration for one port, named by the port (<c>9080</c>): a virtual host
/// per service the proxy sees on that port (its VirtualService's routes, or a default route to its
/// cluster), a virtual host per VirtualService host that is not a service, and the outbound policy's
/// catch-all (<c>allow_any</c> or <c>block_all</c>). One VirtualService applies per host: the index's choice
/// (exact before wildcard, the proxy's namespace first, then the oldest); later ones conflict and are left out.
/// </summary>
public sealed class SidecarRouteGenerator : IXdsGenerator
{
    public string TypeUrl => XdsTypeUrls.Route;

    /// <summary>Routes follow the labels (Sidecar and Gateway selection), not a pod's addresses or identity.</summary>
    public WorkloadFacets WorkloadFacetsFor(string name) => WorkloadFacets.Kind | WorkloadFacets.Labels;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>
    {
        DependencyKind.Service, DependencyKind.VirtualService, DependencyKind.DestinationRule, DependencyKind.ConfigKind,
    };

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Service(Dependency.AnyHost));
        read.Add(Dependency.Config(SidecarScope.Kind));
        var scope = SidecarScope.For(context.Push, context.Namespace, Labels(context));
        return scope.Services
            .SelectMany(s => s.Ports)
            .Where(p => HttpProtocols.IsHttp(p.Protocol))
            .Select(p => p.Number)
            .Concat(scope.Egress.Where(l => l.Port?.Number is > 0 && HttpProtocols.IsHttp(l.Port.Protocol)).Select(l => l.Port!.Number!.Value))
            .Distinct()
            .Order()
            .Select(p => p.ToString(CultureInfo.InvariantCulture))
            .ToList();
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        if (!uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            return null;
        }

        read.Add(Dependency.Service(Dependency.AnyHost));
        read.Add(Dependency.Config(SidecarScope.Kind));
        // Delegates have no hosts: any change to one is a change of the kind.
        read.Add(Dependency.Config(ConfigKinds.VirtualService));

        var labels = Labels(context);
        var scope = SidecarScope.For(context.Push, context.Namespace, labels);
        var resolver = new RouteDestinationResolver(context, read, port);
        var matchScope = new RouteMatchScope(port, context.Namespace, labels, new HashSet<string> { GatewayReference.Mesh });
        var builder = new VirtualHostSet();
        // Only the egress listener serving this port decides which hosts its routes carry.
        var egress = scope.EgressFor(port);
        var declaredHttp = egress?.Port?.Number == port && HttpProtocols.IsHttp(egress.Port.Protocol);
        var services = scope.ServicesFor(egress).ToList();

        foreach (var service in services)
        {
            if (service.PortByNumber(port) is not { } servicePort || !(declaredHttp || HttpProtocols.IsHttp(servicePort.Protocol)))
            {
                continue;
            }

            read.Add(Dependency.VirtualService(service.Hostname));
            var virtualService = Visible(context, scope, egress, service.Hostname);
            var domains = SidecarVirtualHostDomains.For(service.Hostname, port, service.Addresses, context.Namespace, context.Push.DnsDomain);
            IEnumerable<EnvoyRoute> routes = virtualService is null
                ? [HttpRouteTranslator.DefaultRoute(resolver.Resolve(new Destination { Host = service.Hostname, Port = new PortSelector { Number = port } }, service.Namespace), resolver)]
                : Routes(context, virtualService, matchScope, resolver);
            builder.Add($"{service.Hostname}:{port}", domains, routes);
        }

        ReadHostsWithoutVirtualHostOfTheirService(context, services, read);
        foreach (var virtualService in context.Push.VirtualServices.All)
        {
            foreach (var host in virtualService.Hosts)
            {
                // Hosts that are services got their virtual host above (with this or a winning VirtualService).
                if (services.Any(s => Hostnames.Matches(host, s.Hostname)) || !ReferenceEquals(Visible(context, scope, egress, host), virtualService))
                {
                    continue;
                }

                read.Add(Dependency.VirtualService(host));
                var routes = Routes(context, virtualService, matchScope, resolver).ToList();
                if (routes.Count > 0)
                {
                    builder.Add($"{host}:{port}", SidecarVirtualHostDomains.For(host, port, [], context.Namespace, context.Push.DnsDomain), routes);
                }
            }
        }

        builder.AddIfUnclaimed(FallbackVirtualHosts.ForOutbound(scope.OutboundMode));
        var config = new RouteConfiguration { Name = name, ValidateClusters = false };
        config.VirtualHosts.AddRange(builder.VirtualHosts);
        return config;
    }

    /// <summary>
    /// What a VirtualService of a host outside the scope's services may add: the VirtualService of a host that is
    /// a service of the scope (on another port) adds nothing here, so only the other hosts are read. Those are
    /// the registry's services the scope leaves out, named one by one, and every host that is no service at all,
    /// which a change carries as <see cref="Dependency.HostWithoutService"/>. A VirtualService of a host of this
    /// port's services was read with that service, wildcards included (a wildcard overlaps the hosts it covers).
    /// </summary>
    private static void ReadHostsWithoutVirtualHostOfTheirService(GenerationContext context, IReadOnlyCollection<Service> services, DependencyRecorder read)
    {
        read.Add(Dependency.VirtualService(Dependency.HostWithoutService));
        var inScope = services.Select(s => s.Hostname).ToHashSet(StringComparer.Ordinal);
        foreach (var service in context.Push.Registry.Services)
        {
            if (!inScope.Contains(service.Hostname))
            {
                read.Add(Dependency.VirtualService(service.Hostname));
            }
        }
    }

    private static IEnumerable<EnvoyRoute> Routes(GenerationContext context, VirtualServiceEntry virtualService, RouteMatchScope scope, RouteDestinationResolver resolver) =>
        HttpRouteTranslator.Translate(virtualService.HttpRoutes, scope, resolver);

    /// <summary>The VirtualService for a host, when the egress listener of the port admits it.</summary>
    private static VirtualServiceEntry? Visible(GenerationContext context, SidecarScope scope, IstioEgressListener? egress, string host)
    {
        var entry = context.Push.VirtualServices.ForHost(host, context.Namespace);
        if (entry is null || scope.Egress.Count == 0)
        {
            return entry;
        }

        var sidecarNamespace = scope.Sidecar!.Meta.Namespace;
        return egress is not null && (egress.Hosts ?? []).Any(e => EgressAdmits(e, entry, host, sidecarNamespace)) ? entry : null;
    }

    private static bool EgressAdmits(string entry, VirtualServiceEntry virtualService, string host, string sidecarNamespace)
    {
        var slash = entry.IndexOf('/');
        var ns = slash < 0 ? "*" : entry[..slash];
        var pattern = slash < 0 ? entry : entry[(slash + 1)..];
        var namespaceOk = ns switch
        {
            "*" => true,
            "." => virtualService.Namespace == sidecarNamespace,
            "~" => false,
            _ => virtualService.Namespace == ns,
        };
        return namespaceOk && (pattern == "*" || Hostnames.Overlap(pattern, host));
    }

    private static IReadOnlyDictionary<string, string> Labels(GenerationContext context) =>
        context.Workload?.Labels ?? new Dictionary<string, string>();
}
