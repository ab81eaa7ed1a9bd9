using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// Which services of one registry snapshot a config object is behind: those it defines (a ServiceEntry) and
/// those holding endpoints it contributed (a WorkloadEntry). Both in the snapshot's service order.
/// </summary>
internal interface IServiceOrigins
{
    IReadOnlyList<Service> DefinedBy(ConfigKey key);

    IReadOnlyList<Service> HoldingInstancesOf(ConfigKey key);
}
