using System.Collections.Frozen;

namespace Istiod.Net.Registry;

/// <summary>
/// Every service and endpoint at one moment, from all registry sources. Immutable; built once per push.
/// </summary>
public sealed class RegistrySnapshot
{
    public static readonly RegistrySnapshot Empty = new([], new Dictionary<ServiceKey, IReadOnlyList<ServiceInstance>>(), []);

    private readonly FrozenDictionary<string, Service[]> _byHost;
    private readonly FrozenDictionary<ServiceKey, IReadOnlyList<ServiceInstance>> _instances;

    public RegistrySnapshot(
        IReadOnlyList<Service> services,
        IReadOnlyDictionary<ServiceKey, IReadOnlyList<ServiceInstance>> instances,
        IReadOnlyList<string> conflicts)
    {
        Services = services;
        Conflicts = conflicts;
        _byHost = services.GroupBy(s => s.Hostname, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _instances = instances.ToFrozenDictionary();
    }

    /// <summary>All services, in the order sources contributed them.</summary>
    public IReadOnlyList<Service> Services { get; }

    /// <summary>Definitions that lost to an earlier one (same host, same namespace).</summary>
    public IReadOnlyList<string> Conflicts { get; }

    /// <summary>Every definition of a host, whatever its namespace and visibility.</summary>
    public IReadOnlyList<Service> ServicesFor(string hostname) =>
        _byHost.TryGetValue(hostname, out var list) ? list : [];

    /// <summary>
    /// The definition of <paramref name="hostname"/> that a proxy in <paramref name="proxyNamespace"/> uses:
    /// the one in its own namespace when visible, otherwise the first visible one.
    /// </summary>
    public Service? Find(string hostname, string proxyNamespace)
    {
        if (!_byHost.TryGetValue(hostname, out var list))
        {
            return null;
        }

        Service? first = null;
        foreach (var service in list)
        {
            if (!service.Visibility.IsVisibleTo(proxyNamespace))
            {
                continue;
            }

            if (service.Namespace == proxyNamespace)
            {
                return service;
            }

            first ??= service;
        }

        return first;
    }

    /// <summary>The services a proxy in <paramref name="proxyNamespace"/> sees, one per host name.</summary>
    public IEnumerable<Service> VisibleTo(string proxyNamespace)
    {
        foreach (var hostname in _byHost.Keys.Order(StringComparer.Ordinal))
        {
            if (Find(hostname, proxyNamespace) is { } service)
            {
                yield return service;
            }
        }
    }

    /// <summary>All endpoints of a service, for every port.</summary>
    public IReadOnlyList<ServiceInstance> Instances(ServiceKey service) =>
        _instances.TryGetValue(service, out var list) ? list : [];

    /// <summary>The endpoints of one port of a service.</summary>
    public IEnumerable<ServiceInstance> Instances(ServiceKey service, uint portNumber) =>
        Instances(service).Where(i => i.ServicePort.Number == portNumber);
}
