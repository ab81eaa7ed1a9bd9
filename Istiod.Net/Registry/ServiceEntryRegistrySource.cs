using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using ConfigServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Registry;

/// <summary>
/// Services from ServiceEntry configs: one service per host (all ports), endpoints from the entry's own
/// <c>endpoints</c> and from the WorkloadEntries its <c>workloadSelector</c> picks in its namespace.
/// </summary>
public sealed class ServiceEntryRegistrySource(string domain = Hostnames.DefaultDomain) : IServiceRegistrySource
{
    public const string SourceName = "ServiceEntry";

    public string Name => SourceName;

    // Config changes reach the push path through the config store; nothing to raise here.
    public event Action<RegistrySourceChange>? Changed
    {
        add { }
        remove { }
    }

    public void Contribute(ConfigSnapshot config, RegistryBuilder builder)
    {
        var workloadEntries = config.List(ConfigKinds.WorkloadEntry);
        foreach (var entry in config.List(ConfigKinds.ServiceEntry))
        {
            if (entry.Spec is not ServiceEntrySpec spec)
            {
                continue;
            }

            var ports = ToPorts(spec.Ports);
            var ns = entry.Meta.Namespace;
            var visibility = Visibility.FromExportTo(spec.ExportTo, ns);
            var resolution = spec.Resolution ?? ServiceEntryResolution.None;
            var selected = spec.WorkloadSelector?.Labels is { Count: > 0 } selector
                ? workloadEntries.Where(w => w.Meta.Namespace == ns && w.Spec is WorkloadEntrySpec && Selects(selector, LabelsOf(w))).ToList()
                : [];

            foreach (var rawHost in spec.Hosts ?? [])
            {
                var service = new Service
                {
                    Hostname = Hostnames.Resolve(rawHost, ns, domain),
                    Namespace = ns,
                    Ports = ports,
                    Addresses = spec.Addresses ?? [],
                    Resolution = resolution,
                    MeshExternal = spec.Location != ServiceEntryLocation.MeshInternal,
                    Visibility = visibility,
                    Origin = entry.Key,
                    Source = SourceName,
                };
                if (!builder.AddService(service))
                {
                    continue;
                }

                foreach (var endpoint in spec.Endpoints ?? [])
                {
                    AddEndpoints(builder, service, endpoint, endpoint.Labels ?? EmptyLabels, entry.Key);
                }

                foreach (var workload in selected)
                {
                    AddEndpoints(builder, service, workload.SpecAs<WorkloadEntrySpec>(), LabelsOf(workload), workload.Key);
                }

                // A DNS entry without endpoints resolves its own host name (Istio does the same).
                if (resolution is ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin
                    && spec.Endpoints is null or { Count: 0 } && spec.WorkloadSelector is null
                    && !Hostnames.IsWildcard(service.Hostname))
                {
                    foreach (var port in ports)
                    {
                        builder.AddInstance(new ServiceInstance
                        {
                            Service = service.Key,
                            ServicePort = port,
                            Address = service.Hostname,
                            Port = port.TargetPort ?? port.Number,
                            Origin = entry.Key,
                        });
                    }
                }
            }
        }
    }

    /// <summary>
    /// The port an endpoint listens on for <paramref name="port"/>: the endpoint's ports map by port name
    /// first, then the service port's targetPort, then the service port number.
    /// </summary>
    public static uint TargetPort(WorkloadEntrySpec endpoint, ServicePort port) =>
        endpoint.Ports is { } map && map.TryGetValue(port.Name, out var mapped) && mapped != 0
            ? mapped
            : port.TargetPort ?? port.Number;

    private static void AddEndpoints(
        RegistryBuilder builder, Service service, WorkloadEntrySpec endpoint,
        IReadOnlyDictionary<string, string> labels, ConfigKey origin)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Address))
        {
            return;
        }

        foreach (var port in service.Ports)
        {
            builder.AddInstance(new ServiceInstance
            {
                Service = service.Key,
                ServicePort = port,
                Address = endpoint.Address.Trim(),
                Port = TargetPort(endpoint, port),
                Labels = labels,
                Locality = endpoint.Locality ?? "",
                Weight = endpoint.Weight is { } w && w > 0 ? w : 1u,
                ServiceAccount = endpoint.ServiceAccount,
                Network = endpoint.Network,
                Origin = origin,
            });
        }
    }

    private static IReadOnlyList<ServicePort> ToPorts(IReadOnlyList<ConfigServicePort>? ports) =>
        (ports ?? [])
            .Where(p => p.Number is > 0)
            .Select(p => new ServicePort(
                string.IsNullOrEmpty(p.Name) ? p.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Name,
                p.Number!.Value,
                p.Protocol ?? "TCP",
                p.TargetPort is > 0 ? p.TargetPort : null))
            .ToArray();

    /// <summary>A WorkloadEntry's labels: its metadata labels, overridden by the labels in its spec.</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(ConfigObject workloadEntry)
    {
        var spec = workloadEntry.SpecAs<WorkloadEntrySpec>();
        if (spec.Labels is null or { Count: 0 })
        {
            return workloadEntry.Meta.Labels;
        }

        var merged = new Dictionary<string, string>(workloadEntry.Meta.Labels, StringComparer.Ordinal);
        foreach (var (k, v) in spec.Labels)
        {
            merged[k] = v;
        }

        return merged;
    }

    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}
