using Envoy.Config.Route.V3;
using Google.Protobuf;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Push;
using Istiod.Net.Push.Delegation;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// A gateway's route configurations: <c>http.&lt;port&gt;</c> joins every plain HTTP server on the port,
/// <c>https.&lt;port&gt;.&lt;portName&gt;.&lt;gateway&gt;.&lt;namespace&gt;</c> serves one HTTPS server. A virtual
/// host per host where a server's hosts (<c>namespace/host</c>) meet those of a VirtualService bound to the
/// server's gateway; several VirtualServices for one host merge, oldest first, as Istio does at gateways.
/// httpsRedirect servers make their virtual hosts require TLS (Envoy answers plain requests with a 301
/// to https). With nothing bound, a <c>blackhole:&lt;port&gt;</c> virtual host answers 404.
/// </summary>
public sealed class GatewayRouteGenerator : IXdsGenerator
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
        read.Add(Dependency.Config(GatewayServerSelector.Kind));
        return GatewayServerSelector.For(context.Push, Labels(context))
            .Select(s => s.RouteName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        read.Add(Dependency.Config(GatewayServerSelector.Kind));
        if (!GatewayRouteName.TryParse(name, out var routeName))
        {
            return null;
        }

        var labels = Labels(context);
        var servers = GatewayServerSelector.For(context.Push, labels).Where(s => s.RouteName == name).ToList();
        if (servers.Count == 0)
        {
            return null;
        }

        // Only a VirtualService whose hosts meet a server's can add a virtual host here: each server host is
        // read as the pattern it is ("*.example.com", "*"), and dependency matching takes both sides as patterns.
        // A re-bound one still reaches us, since a change carries its hosts before and after.
        foreach (var serverHost in servers.SelectMany(s => s.Server.Hosts ?? []))
        {
            read.Add(Dependency.VirtualService(HostPart(serverHost)));
        }

        // Delegates have no hosts: any change to one is a change of the kind.
        read.Add(Dependency.Config(ConfigKinds.VirtualService));
        var port = routeName!.Port;
        var gateways = servers.Select(s => s.Reference).ToHashSet(StringComparer.Ordinal);
        var matchScope = new RouteMatchScope(port, context.Namespace, labels, gateways);
        var resolver = new RouteDestinationResolver(context, read, port);
        var bound = Bound(context, matchScope).ToList();

        // Host → the VirtualServices for it (in creation order) and whether it must redirect to https.
        var hosts = new Dictionary<string, (List<ConfigObject> VirtualServices, bool Redirect)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var server in servers)
        {
            foreach (var (virtualService, vsHosts) in bound)
            {
                if (!(virtualService.SpecAs<VirtualServiceSpec>().Gateways ?? []).Any(g => GatewayReference.Resolve(g, virtualService.Meta.Namespace) == server.Reference))
                {
                    continue;
                }

                foreach (var vsHost in vsHosts)
                {
                    foreach (var serverHost in server.Server.Hosts ?? [])
                    {
                        if (Intersect(serverHost, server.Gateway.Meta.Namespace, virtualService.Meta.Namespace, vsHost) is { } host)
                        {
                            var entry = Entry(hosts, order, host);
                            if (!entry.VirtualServices.Contains(virtualService))
                            {
                                entry.VirtualServices.Add(virtualService);
                            }

                            hosts[host] = entry with { Redirect = entry.Redirect || server.HttpsRedirect };
                        }
                    }
                }
            }

            if (server.HttpsRedirect)
            {
                // The redirect needs a virtual host even when no VirtualService routes the host yet.
                foreach (var serverHost in server.Server.Hosts ?? [])
                {
                    var host = HostPart(serverHost);
                    hosts[host] = Entry(hosts, order, host) with { Redirect = true };
                }
            }
        }

        var set = new VirtualHostSet();
        foreach (var host in order)
        {
            var (virtualServices, redirect) = hosts[host];
            var routes = new List<EnvoyRoute>();
            // Istio's order for merged VirtualServices (creation time, name, namespace): the same order the
            // gateway listener uses to pick which VirtualService owns a passthrough SNI.
            foreach (var virtualService in virtualServices.Order(IstioPrecedence.Instance))
            {
                var rules = DelegateExpander.Expand(virtualService, virtualService.SpecAs<VirtualServiceSpec>(), context.Push.Config);
                routes.AddRange(HttpRouteTranslator.Translate(rules, matchScope, resolver));
            }

            if (set.Add($"{host}:{port}", [host], routes) is { } virtualHost && redirect)
            {
                virtualHost.RequireTls = VirtualHost.Types.TlsRequirementType.All;
            }
        }

        if (set.VirtualHosts.Count == 0)
        {
            set.Add(FallbackVirtualHosts.GatewayBlackhole(port).Name, ["*"], FallbackVirtualHosts.GatewayBlackhole(port).Routes);
        }

        var config = new RouteConfiguration { Name = name, ValidateClusters = false, IgnorePortInHostMatching = true };
        config.VirtualHosts.AddRange(set.VirtualHosts);
        return config;
    }

    /// <summary>VirtualServices with hosts, visible to the proxy's namespace, naming one of the gateways.</summary>
    private static IEnumerable<(ConfigObject VirtualService, IReadOnlyList<string> Hosts)> Bound(GenerationContext context, RouteMatchScope scope)
    {
        foreach (var config in context.Push.Config.List(ConfigKinds.VirtualService))
        {
            if (config.Spec is VirtualServiceSpec { Hosts.Count: > 0, Gateways.Count: > 0 } spec
                && Visibility.FromExportTo(spec.ExportTo, config.Meta.Namespace).IsVisibleTo(context.Namespace)
                && scope.NamesAnyGateway(spec.Gateways, config.Meta.Namespace))
            {
                yield return (config, spec.Hosts.Select(h => Hostnames.Resolve(h, config.Meta.Namespace, context.Push.DnsDomain)).ToList());
            }
        }
    }

    /// <summary>
    /// The host a server entry (<c>namespace/host</c>, <c>./host</c> or <c>host</c>) and a VirtualService host
    /// have in common, the narrower of the two; null when they do not meet or the entry's namespace part
    /// excludes the VirtualService's namespace.
    /// </summary>
    public static string? Intersect(string serverHost, string gatewayNamespace, string virtualServiceNamespace, string virtualServiceHost)
    {
        var slash = serverHost.IndexOf('/');
        var ns = slash < 0 ? "*" : serverHost[..slash];
        var allowed = ns switch
        {
            "*" => true,
            "." => virtualServiceNamespace == gatewayNamespace,
            _ => virtualServiceNamespace == ns,
        };
        if (!allowed)
        {
            return null;
        }

        var host = HostPart(serverHost);
        return Hostnames.Matches(host, virtualServiceHost) ? virtualServiceHost
            : Hostnames.Matches(virtualServiceHost, host) ? host
            : null;
    }

    private static string HostPart(string serverHost) =>
        (serverHost.IndexOf('/') is var slash and >= 0 ? serverHost[(slash + 1)..] : serverHost).Trim().ToLowerInvariant();

    private static (List<ConfigObject> VirtualServices, bool Redirect) Entry(
        Dictionary<string, (List<ConfigObject> VirtualServices, bool Redirect)> hosts, List<string> order, string host)
    {
        if (!hosts.TryGetValue(host, out var entry))
        {
            entry = ([], false);
            hosts[host] = entry;
            order.Add(host);
        }

        return entry;
    }

    private static IReadOnlyDictionary<string, string> Labels(GenerationContext context) =>
        context.Workload?.Labels ?? new Dictionary<string, string>();
}
