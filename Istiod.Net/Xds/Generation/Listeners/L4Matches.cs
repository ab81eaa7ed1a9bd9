using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Whether a VirtualService TCP or TLS match applies to a listener port of this proxy: its port (if any)
/// is the port, its source labels are among the workload's, its source namespace is the proxy's and its
/// gateways (if any) name the one being built ("mesh" for sidecars).
/// </summary>
public static class L4Matches
{
    public static bool Applies(
        uint? port, IReadOnlyDictionary<string, string>? sourceLabels, IReadOnlyList<string>? gateways, string? sourceNamespace,
        uint listenerPort, GenerationContext context, Func<IReadOnlyList<string>, bool>? gatewaysAdmit = null)
    {
        if (port is { } p && p != listenerPort)
        {
            return false;
        }

        if (sourceNamespace is { Length: > 0 } ns && ns != context.Namespace)
        {
            return false;
        }

        var labels = context.Workload?.Labels ?? new Dictionary<string, string>();
        if (sourceLabels is { Count: > 0 } && !sourceLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return false;
        }

        return gateways is not { Count: > 0 } || (gatewaysAdmit ?? MeshOnly)(gateways);
    }

    private static bool MeshOnly(IReadOnlyList<string> gateways) => gateways.Contains(VirtualServiceIndex.MeshGateway);
}
