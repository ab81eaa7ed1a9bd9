using Envoy.Config.Route.V3;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// The virtual hosts of one route configuration as they are added. Envoy rejects a configuration in which
/// two virtual hosts share a domain, so a domain already taken is dropped from a later virtual host, and a
/// virtual host left without domains is dropped: the first claim wins.
/// </summary>
public sealed class VirtualHostSet
{
    private readonly HashSet<string> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<VirtualHost> _virtualHosts = [];

    public IReadOnlyList<VirtualHost> VirtualHosts => _virtualHosts;

    public VirtualHost? Add(string name, IEnumerable<string> domains, IEnumerable<EnvoyRoute> routes)
    {
        var free = domains.Where(d => !_domains.Contains(d)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (free.Count == 0 || !_names.Add(name))
        {
            return null;
        }

        var virtualHost = new VirtualHost { Name = name };
        virtualHost.Domains.AddRange(free);
        virtualHost.Routes.AddRange(routes);
        _domains.UnionWith(free);
        _virtualHosts.Add(virtualHost);
        return virtualHost;
    }

    /// <summary>Adds a catch-all unless a VirtualService already claimed its domains.</summary>
    public void AddIfUnclaimed(VirtualHost virtualHost) => Add(virtualHost.Name, virtualHost.Domains, virtualHost.Routes);
}
