using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>
/// Orders a cluster's endpoints into localities, priorities and weights as seen from the calling proxy, after
/// Istio's locality load balancing:
/// <list type="bullet">
/// <item>distribute: a rule whose <c>from</c> matches the proxy gives each <c>to</c> pattern its percentage,
/// shared among the localities under the pattern by their endpoint weights; localities under no pattern get
/// no traffic and are left out.</item>
/// <item>failover (only with outlier detection, which is what moves traffic off failing endpoints): priority 0
/// is the proxy's own subzone, then its zone, its region, the region its <c>failover</c> entry names, and the
/// rest; with <c>failoverPriority</c> labels, the longer the run of leading labels an endpoint shares with the
/// proxy, the better its priority.</item>
/// </list>
/// Priorities are made dense (0, 1, 2… with no gaps) because Envoy's priority levels must be.
/// </summary>
public static class LocalityLoadBalancing
{
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string SubZoneLabel = "topology.istio.io/subzone";

    public static IReadOnlyList<LocalityGroup> Assign(
        IEnumerable<ServiceInstance> instances,
        LocalityLbSetting? setting,
        bool outlierDetection,
        string proxyLocality,
        IReadOnlyDictionary<string, string> proxyLabels)
    {
        var byLocality = instances.GroupBy(i => i.Locality, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        if (EffectiveLocalityLb.DistributeFor(setting, proxyLocality) is { } distribute)
        {
            return Distribute(byLocality, distribute);
        }

        if (setting is null || !outlierDetection || proxyLocality.Length == 0 && setting.FailoverPriority is not { Count: > 0 })
        {
            return byLocality.Select(g => new LocalityGroup(g.Key, 0, WeightOf(g), g.ToList())).ToList();
        }

        var ranked = setting.FailoverPriority is { Count: > 0 } labels
            ? byLocality.SelectMany(g => g.GroupBy(i => ByLabels(labels, proxyLabels, proxyLocality, i))
                .Select(p => (Rank: p.Key, Locality: g.Key, Instances: p.ToList())))
            : byLocality.Select(g => (Rank: ByProximity(setting, proxyLocality, g.Key), Locality: g.Key, Instances: g.ToList()));

        var list = ranked.ToList();
        var dense = list.Select(r => r.Rank).Distinct().Order().Select((rank, index) => (rank, index))
            .ToDictionary(p => p.rank, p => (uint)p.index);
        return list
            .OrderBy(r => r.Rank).ThenBy(r => r.Locality, StringComparer.Ordinal)
            .Select(r => new LocalityGroup(r.Locality, dense[r.Rank], WeightOf(r.Instances), r.Instances))
            .ToList();
    }

    private static List<LocalityGroup> Distribute(List<IGrouping<string, ServiceInstance>> localities, LocalityDistribute rule)
    {
        var targets = rule.To!.ToList();
        var patternOf = localities.ToDictionary(
            g => g.Key,
            g => targets.FirstOrDefault(t => LocalityPattern.Matches(t.Key, g.Key)).Key,
            StringComparer.Ordinal);
        var totals = localities.Where(g => patternOf[g.Key] is not null)
            .GroupBy(g => patternOf[g.Key]!, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Sum(g => (double)WeightOf(g)), StringComparer.Ordinal);

        var result = new List<LocalityGroup>();
        foreach (var locality in localities)
        {
            if (patternOf[locality.Key] is not { } pattern || rule.To![pattern] == 0)
            {
                continue;
            }

            // Scaled so that small shares survive rounding: only ratios between localities matter to Envoy.
            var share = rule.To[pattern] * 1000.0 * WeightOf(locality) / totals[pattern];
            result.Add(new LocalityGroup(locality.Key, 0, (uint)Math.Max(1, Math.Round(share)), locality.ToList()));
        }

        return result;
    }

    private static int ByProximity(LocalityLbSetting setting, string proxyLocality, string endpointLocality)
    {
        var proxy = LocalityPattern.Split(proxyLocality);
        var endpoint = LocalityPattern.Split(endpointLocality);
        if (proxy.Region != endpoint.Region)
        {
            var failoverTo = setting.Failover?.FirstOrDefault(f => f.From == proxy.Region)?.To;
            return failoverTo is not null && failoverTo == endpoint.Region ? 3 : 4;
        }

        if (proxy.Zone != endpoint.Zone)
        {
            return 2;
        }

        return proxy.SubZone == endpoint.SubZone ? 0 : 1;
    }

    /// <summary>Fewer leading labels in common with the proxy → a later priority.</summary>
    private static int ByLabels(
        IReadOnlyList<string> labels, IReadOnlyDictionary<string, string> proxyLabels, string proxyLocality, ServiceInstance instance)
    {
        var matched = 0;
        foreach (var label in labels)
        {
            var mine = LabelValue(label, proxyLabels, proxyLocality);
            var theirs = LabelValue(label, instance.Labels, instance.Locality);
            if (mine is null || mine != theirs)
            {
                break;
            }

            matched++;
        }

        return labels.Count - matched;
    }

    /// <summary>The topology labels come from the locality when the workload does not carry them.</summary>
    private static string? LabelValue(string label, IReadOnlyDictionary<string, string> labels, string locality)
    {
        if (labels.TryGetValue(label, out var value))
        {
            return value;
        }

        var parts = LocalityPattern.Split(locality);
        var fromLocality = label switch
        {
            RegionLabel => parts.Region,
            ZoneLabel => parts.Zone,
            SubZoneLabel => parts.SubZone,
            _ => null,
        };
        return string.IsNullOrEmpty(fromLocality) ? null : fromLocality;
    }

    private static uint WeightOf(IEnumerable<ServiceInstance> instances) =>
        (uint)Math.Min(instances.Sum(i => (long)i.Weight), uint.MaxValue);
}
