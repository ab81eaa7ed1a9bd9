using System.Collections.Frozen;

namespace Istiod.Net.Xds.Generation;

/// <summary>The generators serving one kind of client, one per type URL.</summary>
public sealed class GeneratorSet
{
    public static readonly GeneratorSet Empty = new("none", []);

    private readonly FrozenDictionary<string, IXdsGenerator> _byType;

    public GeneratorSet(string name, IEnumerable<IXdsGenerator> generators, ProxyViewScope scope = ProxyViewScope.Namespace)
    {
        Name = name;
        Scope = scope;
        _byType = generators.ToFrozenDictionary(g => g.TypeUrl, StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>What of a proxy the set's generators read; decides the cache key.</summary>
    public ProxyViewScope Scope { get; }

    public IEnumerable<IXdsGenerator> Generators => _byType.Values;

    public IXdsGenerator? For(string typeUrl) => _byType.GetValueOrDefault(typeUrl);

    public override string ToString() => Name;
}
