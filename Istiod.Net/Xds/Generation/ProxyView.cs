namespace Istiod.Net.Xds.Generation;

/// <summary>
/// What generated resources may depend on about a proxy: its namespace, the generator set serving it and,
/// for sets scoped to workloads, the workload. Proxies with the same view get the same resources, so the
/// cache is keyed by it.
/// </summary>
public readonly record struct ProxyView(string Namespace, string GeneratorSet, ProxyWorkload? Workload = null)
{
    /// <summary>The workload part of cache keys: empty for namespace-scoped views.</summary>
    public string WorkloadKey => Workload?.Key ?? "";

    public override string ToString() => Workload is null ? $"{GeneratorSet}@{Namespace}" : $"{GeneratorSet}@{Namespace}[{Workload.Key}]";
}
