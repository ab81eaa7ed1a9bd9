namespace Istiod.Net.Registry;

/// <summary>
/// Collects what the registry sources contribute for one snapshot. Not thread-safe: one build, one thread.
/// </summary>
public sealed class RegistryBuilder
{
    private readonly Dictionary<ServiceKey, Service> _services = [];
    private readonly List<ServiceKey> _order = [];
    private readonly Dictionary<ServiceKey, List<ServiceInstance>> _instances = [];
    private readonly List<string> _conflicts = [];

    /// <summary>
    /// Adds a service. A second definition of the same host in the same namespace loses (first wins, in
    /// the order sources contribute, oldest config first) and is reported in <see cref="RegistrySnapshot.Conflicts"/>.
    /// </summary>
    public bool AddService(Service service)
    {
        if (_services.TryGetValue(service.Key, out var existing))
        {
            _conflicts.Add($"{service.Key} from {Describe(service)} ignored: already defined by {Describe(existing)}");
            return false;
        }

        _services[service.Key] = service;
        _order.Add(service.Key);
        return true;
    }

    /// <summary>Adds an endpoint of a service added before; endpoints of unknown services are dropped.</summary>
    public bool AddInstance(ServiceInstance instance)
    {
        if (!_services.ContainsKey(instance.Service))
        {
            return false;
        }

        if (!_instances.TryGetValue(instance.Service, out var list))
        {
            _instances[instance.Service] = list = [];
        }

        list.Add(instance);
        return true;
    }

    public RegistrySnapshot Build() =>
        new(_order.Select(k => _services[k]).ToList(),
            _instances.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<ServiceInstance>)kv.Value.ToArray()),
            _conflicts.ToArray());

    private static string Describe(Service s) => s.Origin?.ToString() ?? s.Source;
}
