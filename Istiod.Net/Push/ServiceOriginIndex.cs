using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// <see cref="IServiceOrigins"/> from one pass over the snapshot. Scanning every service for each changed key
/// made adding N ServiceEntries cost N × services (50k entries did not finish in minutes); one index per
/// detection makes it linear. Each side is built on first use, so a push of VirtualServices only pays nothing.
/// </summary>
internal sealed class ServiceOriginIndex(RegistrySnapshot registry) : IServiceOrigins
{
    private Dictionary<ConfigKey, List<Service>>? _definedBy;
    private Dictionary<ConfigKey, List<Service>>? _holding;

    public IReadOnlyList<Service> DefinedBy(ConfigKey key) =>
        (_definedBy ??= IndexDefinitions()).TryGetValue(key, out var services) ? services : [];

    public IReadOnlyList<Service> HoldingInstancesOf(ConfigKey key) =>
        (_holding ??= IndexInstances()).TryGetValue(key, out var services) ? services : [];

    private Dictionary<ConfigKey, List<Service>> IndexDefinitions()
    {
        var index = new Dictionary<ConfigKey, List<Service>>();
        foreach (var service in registry.Services)
        {
            if (service.Origin is { } origin)
            {
                Add(index, origin, service);
            }
        }

        return index;
    }

    private Dictionary<ConfigKey, List<Service>> IndexInstances()
    {
        var index = new Dictionary<ConfigKey, List<Service>>();
        var seen = new HashSet<ConfigKey>();
        foreach (var service in registry.Services)
        {
            // A service is listed once per origin, however many of its endpoints that origin contributed.
            seen.Clear();
            foreach (var instance in registry.Instances(service.Key))
            {
                if (instance.Origin is { } origin && seen.Add(origin))
                {
                    Add(index, origin, service);
                }
            }
        }

        return index;
    }

    private static void Add(Dictionary<ConfigKey, List<Service>> index, ConfigKey key, Service service)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(service);
    }
}
