using Istiod.Net.Config.Model;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// The parts of a DestinationRule that apply to one cluster (subset and port), with Istio's precedence:
/// the rule's policy, overridden by its port-level settings for the port, then the subset's policy,
/// then the subset's port-level settings. Each setting (load balancer, connection pool, outlier detection, TLS) replaces, not merges.
/// </summary>
public static class EffectiveTrafficPolicy
{
    public static LoadBalancerSettings? LoadBalancer(DestinationRuleEntry? rule, string subset, uint port) =>
        Pick(rule, subset, port, p => p.LoadBalancer, p => p.LoadBalancer);

    public static ConnectionPoolSettings? ConnectionPool(DestinationRuleEntry? rule, string subset, uint port) =>
        Pick(rule, subset, port, p => p.ConnectionPool, p => p.ConnectionPool);

    public static OutlierDetection? OutlierDetection(DestinationRuleEntry? rule, string subset, uint port) =>
        Pick(rule, subset, port, p => p.OutlierDetection, p => p.OutlierDetection);

    public static ClientTlsSettings? Tls(DestinationRuleEntry? rule, string subset, uint port) =>
        Pick(rule, subset, port, p => p.Tls, p => p.Tls);

    private static T? Pick<T>(
        DestinationRuleEntry? rule, string subset, uint port,
        Func<TrafficPolicy, T?> fromPolicy, Func<PortTrafficPolicy, T?> fromPort)
        where T : class
    {
        if (rule is null)
        {
            return null;
        }

        var top = rule.Spec.TrafficPolicy;
        var result = top is null ? null : fromPolicy(top);
        result = PortLevel(top, port) is { } topPort ? fromPort(topPort) ?? result : result;
        if (subset.Length > 0 && rule.FindSubset(subset)?.TrafficPolicy is { } subsetPolicy)
        {
            result = fromPolicy(subsetPolicy) ?? result;
            result = PortLevel(subsetPolicy, port) is { } subsetPort ? fromPort(subsetPort) ?? result : result;
        }

        return result;
    }

    private static PortTrafficPolicy? PortLevel(TrafficPolicy? policy, uint port) =>
        policy?.PortLevelSettings?.FirstOrDefault(p => p.Port?.Number == port);
}
