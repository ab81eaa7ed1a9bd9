using Istiod.Net.Config.Mesh;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// How changes are batched into pushes. A push starts once changes have been quiet for
/// <see cref="DebounceQuiet"/>, but never later than <see cref="DebounceMax"/> after the first pending
/// change, so a steady trickle of changes cannot hold pushes back forever.
/// </summary>
public sealed record PushOptions
{
    public TimeSpan DebounceQuiet { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan DebounceMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The cluster DNS domain short host names resolve in.</summary>
    public string DnsDomain { get; init; } = Hostnames.DefaultDomain;

    /// <summary>Mesh-wide settings (root namespace, trust domain, outbound policy…).</summary>
    public MeshConfig Mesh { get; init; } = MeshConfig.Default;
}
