using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>DestinationRules looked up by host for a proxy namespace, honoring exportTo.</summary>
public sealed class DestinationRuleIndex
{
    private readonly IReadOnlyList<DestinationRuleEntry> _entries;

    private DestinationRuleIndex(IReadOnlyList<DestinationRuleEntry> entries) => _entries = entries;

    public static DestinationRuleIndex Build(ConfigSnapshot config, string domain = Hostnames.DefaultDomain)
    {
        var entries = new List<DestinationRuleEntry>();
        foreach (var dr in config.List(ConfigKinds.DestinationRule))
        {
            // A workloadSelector scopes a rule to the selected workloads' own sidecars. Generation here
            // is shared by every proxy of a namespace, so such rules are left out rather than misapplied.
            if (dr.Spec is not DestinationRuleSpec { Host: { Length: > 0 } host } spec || spec.WorkloadSelector is not null)
            {
                continue;
            }

            entries.Add(new DestinationRuleEntry(
                dr, spec, Hostnames.Resolve(host, dr.Meta.Namespace, domain), Visibility.FromExportTo(spec.ExportTo, dr.Meta.Namespace)));
        }

        return new DestinationRuleIndex(entries);
    }

    public IReadOnlyList<DestinationRuleEntry> All => _entries;

    /// <summary>
    /// The rule for <paramref name="host"/> as a proxy in <paramref name="proxyNamespace"/> sees it: an exact
    /// host beats a wildcard (longest first), the proxy's own namespace beats the others, then the oldest.
    /// </summary>
    public DestinationRuleEntry? ForHost(string host, string proxyNamespace)
    {
        DestinationRuleEntry? best = null;
        var bestRank = (-1, false);
        foreach (var entry in _entries)
        {
            if (!entry.Visibility.IsVisibleTo(proxyNamespace) || !Hostnames.Matches(entry.Host, host))
            {
                continue;
            }

            var rank = (entry.Host == host ? int.MaxValue : entry.Host.Length, entry.Namespace == proxyNamespace);
            if (rank.CompareTo(bestRank) > 0)
            {
                best = entry;
                bestRank = rank;
            }
        }

        return best;
    }
}
