using Istiod.Net.Config.Store;

namespace Istiod.Net.Registry;

/// <summary>
/// Something that contributes services and endpoints to the registry: ServiceEntry/WorkloadEntry config
/// today, Kubernetes Services and EndpointSlices later. Each push context build asks every source to
/// contribute to one <see cref="RegistryBuilder"/>.
/// </summary>
public interface IServiceRegistrySource
{
    /// <summary>Names the source in logs and in <see cref="Service.Source"/>.</summary>
    string Name { get; }

    /// <summary>Adds the source's current services and endpoints. Must not block: read local state only.</summary>
    void Contribute(ConfigSnapshot config, RegistryBuilder builder);

    /// <summary>
    /// Raised when the source's own state changed (not config: config changes already reach the push
    /// path through the config store). A config-driven source never raises it.
    /// </summary>
    event Action<RegistrySourceChange>? Changed;
}
