using Istiod.Net.Config.Model;

namespace Istiod.Net.Security.PeerAuthentication;

/// <summary>
/// The mutual TLS mode a workload accepts, after PeerAuthentication precedence: one mode for the workload
/// and overrides for some of its ports (workload ports, not service ports). Never <see cref="MutualTlsMode.Unset"/>.
/// </summary>
public sealed record EffectiveMtls(MutualTlsMode Mode, IReadOnlyDictionary<uint, MutualTlsMode> PortModes)
{
    /// <summary>What a mesh without any PeerAuthentication gets: Istio's default, PERMISSIVE.</summary>
    public static readonly EffectiveMtls MeshDefault = new(MutualTlsMode.Permissive, new Dictionary<uint, MutualTlsMode>());

    public MutualTlsMode ModeFor(uint port) => PortModes.TryGetValue(port, out var mode) ? mode : Mode;
}
