namespace Istiod.Net.Xds.Cache;

/// <summary>
/// What a cached resource is for: a type, a name and the proxy view (namespace and generator set) that
/// everything a generator may read about a proxy comes down to.
/// </summary>
public readonly record struct CacheKey(string TypeUrl, string Name, string Namespace, string GeneratorSet);
