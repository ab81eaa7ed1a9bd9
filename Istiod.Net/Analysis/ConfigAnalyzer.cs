using Istiod.Net.Config.Model;

namespace Istiod.Net.Analysis;

/// <summary>
/// Checks across objects that a per-object validator cannot see: routes to hosts or subsets nobody
/// defines, subsets and gateway selectors that match no workload, VirtualServices fighting over a
/// host, and Gateways colliding on a port of the same workloads. In file mode (no cluster) Kubernetes services and pods are unknown, so findings that depend on
/// them are downgraded to info.
/// </summary>
public sealed class ConfigAnalyzer
{
    private const string MeshGateway = "mesh";

    /// <summary>Every finding for <paramref name="configs"/>, ordered by severity (errors first) and then by the first resource.</summary>
    public IReadOnlyList<AnalysisFinding> Analyze(IReadOnlyList<ConfigObject> configs)
    {
        var findings = new List<AnalysisFinding>();
        var services = configs.Where(c => c.Spec is ServiceEntrySpec).ToArray();
        var rules = configs.Where(c => c.Spec is DestinationRuleSpec).ToArray();
        var workloadLabels = WorkloadLabels(configs);
        foreach (var vs in configs.Where(c => c.Spec is VirtualServiceSpec))
        {
            CheckDestinations(vs, services, rules, findings);
        }

        CheckConflicts(configs.Where(c => c.Spec is VirtualServiceSpec).ToArray(), findings);
        foreach (var dr in rules)
        {
            CheckSubsets(dr, services, workloadLabels, findings);
        }

        foreach (var gateway in configs.Where(c => c.Spec is GatewaySpec))
        {
            var selector = gateway.SpecAs<GatewaySpec>().Selector;
            if (selector is { Count: > 0 } && !workloadLabels.Any(w => Matches(selector, w.Labels)))
            {
                findings.Add(new AnalysisFinding(AnalysisCodes.GatewaySelectsNothing, AnalysisSeverity.Info,
                    $"selector {Format(selector)} matches no workload in these files (gateway pods may exist in a cluster)", [gateway.Key]));
            }
        }

        findings.AddRange(GatewayConflicts.Find(configs));
        return findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Resources[0].ToString(), StringComparer.Ordinal)
            .ToArray();
    }

    private static void CheckDestinations(ConfigObject vs, IReadOnlyList<ConfigObject> services, IReadOnlyList<ConfigObject> rules, List<AnalysisFinding> findings)
    {
        var spec = vs.SpecAs<VirtualServiceSpec>();
        var destinations = (spec.Http ?? []).SelectMany(h => (h.Route ?? []).Select(r => r.Destination).Append(h.Mirror))
            .Concat((spec.Tcp ?? []).SelectMany(t => (t.Route ?? []).Select(r => r.Destination)))
            .Concat((spec.Tls ?? []).SelectMany(t => (t.Route ?? []).Select(r => r.Destination)))
            .OfType<Destination>()
            .Where(d => !string.IsNullOrEmpty(d.Host))
            .DistinctBy(d => (d.Host, d.Subset));
        foreach (var destination in destinations)
        {
            var host = AnalysisHosts.Qualify(destination.Host!, vs.Meta.Namespace);
            var served = services.Any(se => (se.SpecAs<ServiceEntrySpec>().Hosts ?? []).Any(h => AnalysisHosts.Covers(AnalysisHosts.Qualify(h, se.Meta.Namespace), host)));
            if (!served)
            {
                var kube = AnalysisHosts.LooksLikeKubernetesService(host);
                findings.Add(new AnalysisFinding(AnalysisCodes.HostNotFound, kube ? AnalysisSeverity.Info : AnalysisSeverity.Warning,
                    kube
                        ? $"destination host {host} is not a ServiceEntry here; it may be a Kubernetes service (no cluster to check)"
                        : $"destination host {host} is served by no ServiceEntry",
                    [vs.Key]));
            }

            if (destination.Subset is { Length: > 0 } subset)
            {
                var defining = rules.Where(dr => dr.SpecAs<DestinationRuleSpec>().Host is { } h && AnalysisHosts.Covers(AnalysisHosts.Qualify(h, dr.Meta.Namespace), host)).ToArray();
                if (!defining.Any(dr => (dr.SpecAs<DestinationRuleSpec>().Subsets ?? []).Any(s => s.Name == subset)))
                {
                    findings.Add(new AnalysisFinding(AnalysisCodes.SubsetNotFound, AnalysisSeverity.Error,
                        $"subset \"{subset}\" of host {host} is defined by no DestinationRule; requests to it fail with 503",
                        [vs.Key, .. defining.Select(d => d.Key)]));
                }
            }
        }
    }

    private static void CheckConflicts(IReadOnlyList<ConfigObject> virtualServices, List<AnalysisFinding> findings)
    {
        // Istio merges VirtualServices per host only on gateways; for sidecars ("mesh") one of them silently wins.
        var meshHosts = virtualServices
            .Where(vs => vs.SpecAs<VirtualServiceSpec>().Gateways is not { Count: > 0 } gateways || gateways.Contains(MeshGateway))
            .SelectMany(vs => (vs.SpecAs<VirtualServiceSpec>().Hosts ?? []).Select(h => (Host: AnalysisHosts.Qualify(h, vs.Meta.Namespace), vs.Key)))
            .GroupBy(p => p.Host, StringComparer.OrdinalIgnoreCase);
        foreach (var group in meshHosts)
        {
            var keys = group.Select(p => p.Key).Distinct().ToArray();
            if (keys.Length > 1)
            {
                findings.Add(new AnalysisFinding(AnalysisCodes.ConflictingVirtualServices, AnalysisSeverity.Warning,
                    $"{keys.Length} VirtualServices route host {group.Key} for sidecars; only one of them takes effect", keys));
            }
        }
    }

    private static void CheckSubsets(ConfigObject dr, IReadOnlyList<ConfigObject> services, IReadOnlyList<(ConfigKey Key, IReadOnlyDictionary<string, string> Labels)> workloads, List<AnalysisFinding> findings)
    {
        var spec = dr.SpecAs<DestinationRuleSpec>();
        if (spec.Host is null)
        {
            return;
        }

        var host = AnalysisHosts.Qualify(spec.Host, dr.Meta.Namespace);
        var entries = services.Where(se => (se.SpecAs<ServiceEntrySpec>().Hosts ?? []).Any(h => AnalysisHosts.Covers(AnalysisHosts.Qualify(h, se.Meta.Namespace), host))).ToArray();
        if (entries.Length == 0)
        {
            // Without a ServiceEntry the endpoints are Kubernetes pods this mode cannot see.
            return;
        }

        var endpoints = entries.SelectMany(se => EndpointLabels(se, workloads)).ToArray();
        foreach (var subset in spec.Subsets ?? [])
        {
            if (subset.Labels is { Count: > 0 } labels && !endpoints.Any(e => Matches(labels, e)))
            {
                findings.Add(new AnalysisFinding(AnalysisCodes.SubsetSelectsNothing, AnalysisSeverity.Warning,
                    $"subset \"{subset.Name}\" selects {Format(labels)}, which no endpoint of {host} has",
                    [dr.Key, .. entries.Select(e => e.Key)]));
            }
        }
    }

    private static IEnumerable<IReadOnlyDictionary<string, string>> EndpointLabels(ConfigObject se, IReadOnlyList<(ConfigKey Key, IReadOnlyDictionary<string, string> Labels)> workloads)
    {
        var spec = se.SpecAs<ServiceEntrySpec>();
        foreach (var endpoint in spec.Endpoints ?? [])
        {
            yield return endpoint.Labels ?? new Dictionary<string, string>();
        }

        if (spec.WorkloadSelector?.Labels is { } selector)
        {
            foreach (var workload in workloads.Where(w => w.Key.Kind == "WorkloadEntry" && w.Key.Namespace == se.Meta.Namespace && Matches(selector, w.Labels)))
            {
                yield return workload.Labels;
            }
        }
    }

    private static IReadOnlyList<(ConfigKey Key, IReadOnlyDictionary<string, string> Labels)> WorkloadLabels(IReadOnlyList<ConfigObject> configs) =>
        configs.Where(c => c.Spec is WorkloadEntrySpec)
            .Select(c => (c.Key, c.SpecAs<WorkloadEntrySpec>().Labels ?? new Dictionary<string, string>()))
            .Concat(configs.Where(c => c.Spec is ServiceEntrySpec)
                .SelectMany(c => (c.SpecAs<ServiceEntrySpec>().Endpoints ?? []).Select(e => (c.Key, e.Labels ?? new Dictionary<string, string>()))))
            .Select(p => (p.Key, (IReadOnlyDictionary<string, string>)p.Item2))
            .ToArray();

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    private static string Format(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
}
