using Istiod.Net.Config.Mesh;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// Everything generation reads, frozen at one moment: the config snapshot, the registry built from it and
/// the indexes over both. Thin on purpose: lookups live in the index types, not here. A generation reads
/// one context from start to end.
/// </summary>
public sealed class PushContext
{
    public required long Sequence { get; init; }
    public required ConfigSnapshot Config { get; init; }
    public required RegistrySnapshot Registry { get; init; }
    public required VirtualServiceIndex VirtualServices { get; init; }
    public required DestinationRuleIndex DestinationRules { get; init; }

    /// <summary>What changed since the previous context (<see cref="ChangeSet.Everything"/> for the first).</summary>
    public required ChangeSet Changes { get; init; }

    /// <summary>The request that produced this context (merged while debouncing).</summary>
    public required PushRequest Request { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    public string DnsDomain { get; init; } = Hostnames.DefaultDomain;

    /// <summary>Mesh-wide settings in force for this context.</summary>
    public MeshConfig Mesh { get; init; } = MeshConfig.Default;

    /// <summary>The xDS version_info of responses generated from this context.</summary>
    public string Version => $"{Sequence}-{Config.Version}";
}
