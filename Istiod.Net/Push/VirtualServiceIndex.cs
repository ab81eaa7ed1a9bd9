using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Push.Delegation;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// VirtualServices that bind to the mesh (sidecars and proxyless clients), looked up by host for a proxy
/// namespace, honoring exportTo, each with its delegates merged in.
/// </summary>
public sealed class VirtualServiceIndex
{
    public const string MeshGateway = "mesh";

    private readonly IReadOnlyList<VirtualServiceEntry> _entries;
    private readonly Dictionary<string, List<VirtualServiceEntry>> _byExactHost = new(StringComparer.Ordinal);
    private readonly List<(string Pattern, VirtualServiceEntry Entry)> _wildcards = [];

    private VirtualServiceIndex(IReadOnlyList<VirtualServiceEntry> entries)
    {
        _entries = entries;
        foreach (var entry in entries)
        {
            foreach (var host in entry.Hosts)
            {
                if (Hostnames.IsWildcard(host))
                {
                    _wildcards.Add((host, entry));
                }
                else if (_byExactHost.TryGetValue(host, out var list))
                {
                    list.Add(entry);
                }
                else
                {
                    _byExactHost[host] = [entry];
                }
            }
        }
    }

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
            // Delegates are expanded here, once per root and push, so that sidecar and proxyless routes
            // translate the same merged rules (a delegate change is a change of the kind: ChangeDetector).
            entries.Add(new VirtualServiceEntry(vs, spec, hosts, Visibility.FromExportTo(spec.ExportTo, vs.Meta.Namespace))
            {
                HttpRoutes = DelegateExpander.Expand(vs, spec, config),
            });
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
        if (_byExactHost.TryGetValue(host, out var exact) && Best(exact, proxyNamespace) is { } found)
        {
            return found;
        }

        VirtualServiceEntry? best = null;
        var bestRank = (-1, false);
        foreach (var (pattern, entry) in _wildcards)
        {
            if (!entry.Visibility.IsVisibleTo(proxyNamespace) || !Hostnames.Matches(pattern, host))
            {
                continue;
            }

            var rank = (pattern.Length, entry.Namespace == proxyNamespace);
            if (rank.CompareTo(bestRank) > 0)
            {
                best = entry;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>The proxy's own namespace first, then the oldest; entries are oldest first already.</summary>
    private static VirtualServiceEntry? Best(List<VirtualServiceEntry> entries, string proxyNamespace)
    {
        VirtualServiceEntry? first = null;
        foreach (var entry in entries)
        {
            if (!entry.Visibility.IsVisibleTo(proxyNamespace))
            {
                continue;
            }

            if (entry.Namespace == proxyNamespace)
            {
                return entry;
            }

            first ??= entry;
        }

        return first;
    }
}
