namespace Istiod.Net.Xds.Generation;

/// <summary>
/// What generated resources may depend on about a proxy: its namespace and the generator set serving it.
/// Proxies with the same view get the same resources, so the cache is keyed by it.
/// </summary>
public readonly record struct ProxyView(string Namespace, string GeneratorSet)
{
    public override string ToString() => $"{GeneratorSet}@{Namespace}";
}
