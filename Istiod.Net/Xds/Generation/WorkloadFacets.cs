namespace Istiod.Net.Xds.Generation;

/// <summary>
/// The parts of a proxy's <see cref="ProxyWorkload"/> a generator may read for one resource. The provider hands
/// the generator a workload holding only these parts and keys the cache by them, so proxies that differ only in
/// what a resource does not read (every pod of a deployment has its own IP) share it.
/// </summary>
[Flags]
public enum WorkloadFacets
{
    /// <summary>Nothing of the workload: the resource is shared by every proxy of the namespace and generator set.</summary>
    None = 0,
    Kind = 1,
    Labels = 2,
    ServiceAccount = 4,
    Addresses = 8,
    Identity = 16,
    Locality = 32,

    /// <summary>How the proxy's traffic is captured (INTERCEPTION_MODE).</summary>
    Interception = 64,
    All = Kind | Labels | ServiceAccount | Addresses | Identity | Locality | Interception,
}
