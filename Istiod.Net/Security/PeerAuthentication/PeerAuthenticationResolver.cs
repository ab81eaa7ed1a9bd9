using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Security.PeerAuthentication;

/// <summary>
/// Decides the mutual TLS mode of a workload from PeerAuthentications, the way Istio documents it:
/// a workload policy (selector matching the labels) over the namespace policy (no selector) over the
/// mesh policy (no selector, root namespace); UNSET takes the parent's mode; port-level settings count
/// only on workload policies. Where several policies compete at one level the oldest wins, as in Istio.
/// </summary>
public static class PeerAuthenticationResolver
{
    public const string Kind = "PeerAuthentication";

    public static EffectiveMtls Resolve(ConfigSnapshot config, string rootNamespace, string workloadNamespace, IReadOnlyDictionary<string, string> labels)
    {
        ConfigObject? mesh = null, ns = null, workload = null;
        foreach (var policy in Oldest(config.List(Kind)))
        {
            var spec = policy.SpecAs<PeerAuthenticationSpec>();
            var hasSelector = spec.Selector?.MatchLabels is { Count: > 0 };
            if (policy.Meta.Namespace == workloadNamespace && hasSelector)
            {
                if (workload is null && Selects(spec.Selector!.MatchLabels!, labels))
                {
                    workload = policy;
                }
            }
            else if (policy.Meta.Namespace == workloadNamespace && !hasSelector)
            {
                ns ??= policy;
            }
            else if (policy.Meta.Namespace == rootNamespace && !hasSelector)
            {
                mesh ??= policy;
            }
        }

        var mode = Inherit(ModeOf(mesh), MutualTlsMode.Permissive);
        mode = Inherit(ModeOf(ns), mode);
        mode = Inherit(ModeOf(workload), mode);

        var ports = new Dictionary<uint, MutualTlsMode>();
        if (workload?.SpecAs<PeerAuthenticationSpec>().PortLevelMtls is { } portLevel)
        {
            foreach (var (port, setting) in portLevel)
            {
                if (uint.TryParse(port, out var number))
                {
                    ports[number] = Inherit(setting.Mode, mode);
                }
            }
        }

        return new EffectiveMtls(mode, ports);
    }

    private static MutualTlsMode? ModeOf(ConfigObject? policy) => policy?.SpecAs<PeerAuthenticationSpec>().Mtls?.Mode;

    private static MutualTlsMode Inherit(MutualTlsMode? own, MutualTlsMode parent) =>
        own is null or MutualTlsMode.Unset ? parent : own.Value;

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);

    // Ties on creation time (or none recorded, as in files) fall back to namespace/name so the choice is stable.
    private static IEnumerable<ConfigObject> Oldest(IEnumerable<ConfigObject> policies) => policies
        .OrderBy(p => p.Meta.CreationTimestamp ?? DateTimeOffset.MaxValue)
        .ThenBy(p => p.Meta.Namespace, StringComparer.Ordinal)
        .ThenBy(p => p.Meta.Name, StringComparer.Ordinal);
}
