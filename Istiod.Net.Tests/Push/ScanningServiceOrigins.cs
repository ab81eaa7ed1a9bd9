using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;

namespace Istiod.Net.Tests.Push;

/// <summary>
/// The detector's old lookup, kept only as the reference for <see cref="ChangeDetectorIndexTests"/>: every
/// changed key scans every service of the snapshot.
/// </summary>
internal sealed class ScanningServiceOrigins(RegistrySnapshot registry) : IServiceOrigins
{
    public IReadOnlyList<Service> DefinedBy(ConfigKey key) =>
        registry.Services.Where(s => s.Origin == key).ToList();

    public IReadOnlyList<Service> HoldingInstancesOf(ConfigKey key) =>
        registry.Services.Where(s => registry.Instances(s.Key).Any(i => i.Origin == key)).ToList();
}
