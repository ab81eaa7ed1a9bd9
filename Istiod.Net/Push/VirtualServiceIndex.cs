using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// VirtualServices that bind to the mesh (sidecars and proxyless clients), looked up by host for a proxy
/// namespace, honoring exportTo.
/// </summary>
public sealed class VirtualServiceIndex
{
    public const string MeshGateway = "mesh";

    private readonly IReadOnlyList<VirtualServiceEntry> _entries;

    private VirtualServiceIndex(IReadOnlyList<VirtualServiceEntry> entries) => _entries = entries;

    public static VirtualServiceIndex Build(ConfigSnapshot config, string domain = Hostnames.DefaultDomain)
    {
        var entries = new List<VirtualServiceEntry>();
        foreach (var vs in config.List(ConfigKinds.VirtualService))
        {
            if (vs.Spec is not VirtualServiceSpec spec || !AppliesToMesh(spec))
            {
                continue;
            }

            var hosts = (spec.Hosts ?? []).Select(h => Hostnames.Resolve(h, vs.Meta.Namespace, domain)).Distinct().ToArray();
            entries.Add(new VirtualServiceEntry(vs, spec, hosts, Visibility.FromExportTo(spec.ExportTo, vs.Meta.Namespace)));
        }

        return new VirtualServiceIndex(entries);
    }

    /// <summary>Sidecars take a VirtualService whose gateways are absent or name "mesh".</summary>
    public static bool AppliesToMesh(VirtualServiceSpec spec) =>
        spec.Gateways is null or { Count: 0 } || spec.Gateways.Contains(MeshGateway);

    public IReadOnlyList<VirtualServiceEntry> All => _entries;

    /// <summary>
    /// The VirtualService that routes <paramref name="host"/> for a proxy in <paramref name="proxyNamespace"/>:
    /// an exact host beats a wildcard (the longest wildcard wins), one in the proxy's namespace beats the
    /// others, then the oldest. Istio applies one VirtualService per host for sidecars; later ones conflict.
    /// </summary>
    public VirtualServiceEntry? ForHost(string host, string proxyNamespace)
    {
        VirtualServiceEntry? best = null;
        var bestRank = (-1, false);
        foreach (var entry in _entries)
        {
            if (!entry.Visibility.IsVisibleTo(proxyNamespace))
            {
                continue;
            }

            foreach (var pattern in entry.Hosts)
            {
                if (!Hostnames.Matches(pattern, host))
                {
                    continue;
                }

                var rank = (Specificity(pattern, host), entry.Namespace == proxyNamespace);
                if (rank.CompareTo(bestRank) > 0)
                {
                    best = entry;
                    bestRank = rank;
                }
            }
        }

        return best;
    }

    private static int Specificity(string pattern, string host) =>
        pattern == host ? int.MaxValue : pattern.Length;
}
