using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>DestinationRules looked up by host for a proxy namespace, honoring exportTo.</summary>
public sealed class DestinationRuleIndex
{
    private readonly IReadOnlyList<DestinationRuleEntry> _entries;
    private readonly ILookup<string, DestinationRuleEntry> _byExactHost;
    private readonly IReadOnlyList<DestinationRuleEntry> _wildcards;

    private DestinationRuleIndex(IReadOnlyList<DestinationRuleEntry> entries)
    {
        _entries = entries;
        _byExactHost = entries.Where(e => !Hostnames.IsWildcard(e.Host)).ToLookup(e => e.Host, StringComparer.Ordinal);
        _wildcards = entries.Where(e => Hostnames.IsWildcard(e.Host)).ToArray();
    }

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
        DestinationRuleEntry? first = null;
        foreach (var entry in _byExactHost[host])
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

        if (first is not null)
        {
            return first;
        }

        DestinationRuleEntry? best = null;
        var bestRank = (-1, false);
        foreach (var entry in _wildcards)
        {
            if (!entry.Visibility.IsVisibleTo(proxyNamespace) || !Hostnames.Matches(entry.Host, host))
            {
                continue;
            }

            var rank = (entry.Host.Length, entry.Namespace == proxyNamespace);
            if (rank.CompareTo(bestRank) > 0)
            {
                best = entry;
                bestRank = rank;
            }
        }

        return best;
    }
}
