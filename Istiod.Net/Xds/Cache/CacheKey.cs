namespace Istiod.Net.Xds.Cache;

/// <summary>
/// What a cached resource is for: a type, a name and the proxy view (namespace, generator set and, for
/// workload-scoped sets, the workload's canonical key) that everything a generator may read about a proxy
/// comes down to.
/// </summary>
public readonly record struct CacheKey(string TypeUrl, string Name, string Namespace, string GeneratorSet, string Workload = "");
