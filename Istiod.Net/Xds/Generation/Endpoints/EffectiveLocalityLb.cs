using Istiod.Net.Config.Mesh;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>
/// The locality load balancing in force for one cluster: the DestinationRule's setting replaces the mesh's,
/// and <c>enabled: false</c> on the winner turns it off. Without either, Istio still fails over by proximity
/// (it is on by default), which is what an empty setting means here.
/// </summary>
public static class EffectiveLocalityLb
{
    private static readonly LocalityLbSetting Proximity = new();

    public static LocalityLbSetting? For(MeshConfig mesh, LoadBalancerSettings? loadBalancer)
    {
        var setting = loadBalancer?.LocalityLbSetting ?? mesh.LocalityLbSetting ?? Proximity;
        return setting.Enabled == false ? null : setting;
    }

    /// <summary>The distribute rule for a proxy in <paramref name="proxyLocality"/>, when one applies.</summary>
    public static LocalityDistribute? DistributeFor(LocalityLbSetting? setting, string proxyLocality) =>
        proxyLocality.Length == 0
            ? null
            : setting?.Distribute?.FirstOrDefault(d => d.To is { Count: > 0 } && LocalityPattern.Matches(d.From, proxyLocality));
}
