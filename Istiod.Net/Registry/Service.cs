using Istiod.Net.Config.Model;

namespace Istiod.Net.Registry;

/// <summary>
/// One service of the mesh registry: a host name in a namespace with its ports. The same host name may
/// be defined in several namespaces; <see cref="RegistrySnapshot.Find"/> picks the one a proxy sees.
/// </summary>
public sealed record Service
{
    public required string Hostname { get; init; }
    public required string Namespace { get; init; }
    public required IReadOnlyList<ServicePort> Ports { get; init; }
    public IReadOnlyList<string> Addresses { get; init; } = [];
    public ServiceEntryResolution Resolution { get; init; } = ServiceEntryResolution.Static;
    public bool MeshExternal { get; init; }
    public Visibility Visibility { get; init; } = Visibility.Public;

    /// <summary>The config object that defined the service, when it came from config (a ServiceEntry).</summary>
    public ConfigKey? Origin { get; init; }

    /// <summary>The registry source that contributed it ("ServiceEntry", later "Kubernetes").</summary>
    public required string Source { get; init; }

    public ServicePort? PortByNumber(uint number) => Ports.FirstOrDefault(p => p.Number == number);

    public ServiceKey Key => new(Hostname, Namespace);

    /// <summary>
    /// Whether <paramref name="other"/> defines the same service (ports, addresses, resolution, location,
    /// visibility), so a change between the two can only be about endpoints.
    /// </summary>
    public bool SameDefinition(Service other) =>
        Hostname == other.Hostname
        && Namespace == other.Namespace
        && Ports.SequenceEqual(other.Ports)
        && Addresses.SequenceEqual(other.Addresses, StringComparer.Ordinal)
        && Resolution == other.Resolution
        && MeshExternal == other.MeshExternal
        && Visibility.SameAs(other.Visibility);
}
