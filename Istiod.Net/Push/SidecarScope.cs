using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// What one sidecar sees, after Istio's Sidecar resource: the Sidecar that applies to the workload (one with
/// a matching workloadSelector in its namespace, else the namespace's one without selector, else the root
/// namespace's one without selector), the services its egress hosts admit, its ingress listeners and its
/// outbound traffic policy. Without any Sidecar a proxy sees every service visible to its namespace.
/// LDS, RDS and CDS all read the same scope so the three never disagree about what exists.
/// </summary>
public sealed class SidecarScope
{
    public const string Kind = "Sidecar";

    private readonly HashSet<string> _hosts;

    private SidecarScope(ConfigObject? sidecar, IReadOnlyList<Service> services, OutboundTrafficMode outboundMode)
    {
        Sidecar = sidecar;
        Services = services;
        OutboundMode = outboundMode;
        _hosts = new HashSet<string>(services.Select(s => s.Hostname), StringComparer.Ordinal);
    }

    /// <summary>The Sidecar in force, or null when none applies.</summary>
    public ConfigObject? Sidecar { get; }

    public SidecarSpec? Spec => Sidecar?.SpecAs<SidecarSpec>();

    /// <summary>Every service the proxy may reach, one per host name, ordered by host name.</summary>
    public IReadOnlyList<Service> Services { get; }

    public IReadOnlyList<IstioEgressListener> Egress => Spec?.Egress ?? [];

    public IReadOnlyList<IstioIngressListener> Ingress => Spec?.Ingress ?? [];

    /// <summary>The Sidecar's own policy when it sets one, else the mesh's.</summary>
    public OutboundTrafficMode OutboundMode { get; }

    public bool Sees(string hostname) => _hosts.Contains(hostname);

    /// <summary>The services one egress listener admits; null (no egress listeners) means all the proxy sees.</summary>
    public IEnumerable<Service> ServicesFor(IstioEgressListener? listener) =>
        listener is null ? Services : Services.Where(s => Admits(listener, s, Sidecar!.Meta.Namespace));

    /// <summary>
    /// The egress listener whose hosts a port's routes serve, as Istio picks it for RDS: the one declaring the
    /// port, else the catch-all without a port; null when the Sidecar has no egress listeners.
    /// </summary>
    public IstioEgressListener? EgressFor(uint port) =>
        Egress.FirstOrDefault(l => l.Port?.Number == port) ?? Egress.FirstOrDefault(l => l.Port is null);

    public static SidecarScope For(PushContext context, string proxyNamespace, IReadOnlyDictionary<string, string> labels)
    {
        var sidecar = Select(context, proxyNamespace, labels);
        var spec = sidecar?.SpecAs<SidecarSpec>();
        var visible = context.Registry.VisibleTo(proxyNamespace);
        var services = spec?.Egress is { Count: > 0 } egress
            ? visible.Where(s => egress.Any(listener => Admits(listener, s, sidecar!.Meta.Namespace))).ToList()
            : visible.ToList();
        var mode = spec?.OutboundTrafficPolicy?.Mode ?? context.Mesh.EffectiveOutboundMode;
        return new SidecarScope(sidecar, services, mode);
    }

    /// <summary>
    /// Whether an egress host entry <c>namespace/host</c> admits a service: the namespace part is "*" (any),
    /// "." (the Sidecar's own namespace), "~" (none) or a name; the host part may be a wildcard.
    /// </summary>
    public static bool AdmitsHost(string entry, Service service, string sidecarNamespace)
    {
        var slash = entry.IndexOf('/');
        var ns = slash < 0 ? "*" : entry[..slash];
        var host = slash < 0 ? entry : entry[(slash + 1)..];
        var namespaceOk = ns switch
        {
            "*" => true,
            "." => service.Namespace == sidecarNamespace,
            "~" => false,
            _ => service.Namespace == ns,
        };
        return namespaceOk && (host == "*" || Hostnames.Matches(host, service.Hostname));
    }

    private static bool Admits(IstioEgressListener listener, Service service, string sidecarNamespace) =>
        (listener.Hosts ?? []).Any(entry => AdmitsHost(entry, service, sidecarNamespace))
        && (listener.Port?.Number is not { } port || service.PortByNumber(port) is not null);

    private static ConfigObject? Select(PushContext context, string proxyNamespace, IReadOnlyDictionary<string, string> labels)
    {
        ConfigObject? namespaceDefault = null, rootDefault = null;
        foreach (var sidecar in context.Config.List(Kind))
        {
            var selector = sidecar.SpecAs<SidecarSpec>().WorkloadSelector?.Labels;
            var hasSelector = selector is { Count: > 0 };
            if (sidecar.Meta.Namespace == proxyNamespace && hasSelector)
            {
                if (selector!.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                {
                    return sidecar;
                }
            }
            else if (!hasSelector && sidecar.Meta.Namespace == proxyNamespace)
            {
                namespaceDefault ??= sidecar;
            }
            else if (!hasSelector && sidecar.Meta.Namespace == context.Mesh.EffectiveRootNamespace)
            {
                rootDefault ??= sidecar;
            }
        }

        return namespaceDefault ?? rootDefault;
    }
}
