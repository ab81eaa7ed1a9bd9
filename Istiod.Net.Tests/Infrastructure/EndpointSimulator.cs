using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Where a cluster sends traffic, following Envoy's documented load balancing: the endpoints (EDS or the
/// cluster's own load assignment) are grouped in priorities; each priority takes load in proportion to its
/// healthy share times the overprovisioning factor (1.4), spilling the rest to the next; within a priority,
/// localities share by their weight (when the cluster enables locality weighting) and endpoints by theirs.
/// Endpoints in <c>down</c> count as unhealthy, which is how a test plays failing endpoints.
/// </summary>
public static class EndpointSimulator
{
    private const double Overprovisioning = 1.4;

    /// <summary>One endpoint's share of requests (0..1) and the transport socket match that would carry them.</summary>
    public sealed record Share(string Address, uint Priority, string Locality, double Fraction, string? TransportSocketMatch);

    /// <summary>Every endpoint that can receive traffic, with its share; shares sum to 1 when any endpoint is healthy.</summary>
    public static IReadOnlyList<Share> Distribution(Cluster cluster, ClusterLoadAssignment? assignment, IReadOnlySet<string>? down = null)
    {
        var source = cluster.Type is Cluster.Types.DiscoveryType.Eds ? assignment : cluster.LoadAssignment;
        if (source is null)
        {
            return [];
        }

        down ??= new HashSet<string>();
        bool Healthy(LbEndpoint e) => e.HealthStatus is HealthStatus.Healthy or HealthStatus.Unknown && !down.Contains(AddressOf(e));

        var priorities = source.Endpoints.GroupBy(l => l.Priority).OrderBy(g => g.Key).ToList();
        var remaining = 1.0;
        var result = new List<Share>();
        var loads = new List<(IGrouping<uint, LocalityLbEndpoints> Level, double Load)>();
        foreach (var level in priorities)
        {
            var all = level.Sum(l => l.LbEndpoints.Count);
            var healthy = level.Sum(l => l.LbEndpoints.Count(Healthy));
            var capacity = all == 0 ? 0 : Math.Min(1.0, Overprovisioning * healthy / all);
            var load = Math.Min(capacity, remaining);
            remaining -= load;
            loads.Add((level, load));
        }

        // Envoy normalises when the healthy capacity of all priorities together falls short of 100%.
        var total = loads.Sum(l => l.Load);
        foreach (var (level, load) in loads)
        {
            if (load <= 0)
            {
                continue;
            }

            var share = load / total;
            var localityWeighted = cluster.CommonLbConfig?.LocalityWeightedLbConfig is not null;
            var localities = level.Where(l => l.LbEndpoints.Any(Healthy)).ToList();
            double Availability(LocalityLbEndpoints l) => Math.Min(1.0, Overprovisioning * l.LbEndpoints.Count(Healthy) / l.LbEndpoints.Count);
            var localityTotal = localities.Sum(l => (l.LoadBalancingWeight ?? 0) * Availability(l));
            var endpointTotal = localities.Sum(l => l.LbEndpoints.Where(Healthy).Sum(e => (double)(e.LoadBalancingWeight ?? 1)));
            foreach (var locality in localities)
            {
                var healthyEndpoints = locality.LbEndpoints.Where(Healthy).ToList();
                var weightSum = healthyEndpoints.Sum(e => (double)(e.LoadBalancingWeight ?? 1));
                foreach (var endpoint in healthyEndpoints)
                {
                    var weight = (double)(endpoint.LoadBalancingWeight ?? 1);
                    var fraction = localityWeighted
                        ? share * (locality.LoadBalancingWeight ?? 0) * Availability(locality) / localityTotal * weight / weightSum
                        : share * weight / endpointTotal;
                    result.Add(new Share(AddressOf(endpoint), level.Key, LocalityText(locality.Locality), fraction, MatchOf(cluster, endpoint)));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The endpoint a request with <paramref name="hash"/> reaches on a hashing cluster: a stable function of the
    /// hash over the endpoints with traffic (not Envoy's ring, but it has the property tests rely on: equal
    /// hashes, equal endpoint).
    /// </summary>
    public static string? Pick(Cluster cluster, ClusterLoadAssignment? assignment, ulong hash, IReadOnlySet<string>? down = null)
    {
        var eligible = Distribution(cluster, assignment, down)
            .Where(s => s.Fraction > 0)
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ToList();
        return eligible.Count == 0 ? null : eligible[(int)(hash % (ulong)eligible.Count)].Address;
    }

    /// <summary>The name of the transport socket match an endpoint selects, or null when the cluster has none.</summary>
    public static string? MatchOf(Cluster cluster, LbEndpoint endpoint)
    {
        var metadata = endpoint.Metadata?.FilterMetadata.TryGetValue("envoy.transport_socket_match", out var m) == true ? m : null;
        foreach (var match in cluster.TransportSocketMatches)
        {
            var fits = match.Match is null || match.Match.Fields.All(f =>
                metadata is not null && metadata.Fields.TryGetValue(f.Key, out var v) && v.Equals(f.Value));
            if (fits)
            {
                return match.Name;
            }
        }

        return null;
    }

    public static string AddressOf(LbEndpoint endpoint) =>
        $"{endpoint.Endpoint.Address.SocketAddress.Address}:{endpoint.Endpoint.Address.SocketAddress.PortValue}";

    private static string LocalityText(Locality? locality) =>
        locality is null ? "" : $"{locality.Region}/{locality.Zone}/{locality.SubZone}".TrimEnd('/');
}
