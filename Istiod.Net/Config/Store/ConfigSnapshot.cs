using System.Collections.Frozen;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Store;

/// <summary>
/// Every valid config object at one moment. Immutable: a push reads one snapshot from start to end
/// while the store moves on to the next.
/// </summary>
public sealed class ConfigSnapshot
{
    public static readonly ConfigSnapshot Empty = new(0, []);

    private readonly FrozenDictionary<ConfigKey, ConfigObject> _byKey;
    private readonly FrozenDictionary<string, ConfigObject[]> _byKind;

    public ConfigSnapshot(long version, IEnumerable<ConfigObject> configs)
    {
        Version = version;
        _byKey = configs.ToFrozenDictionary(c => c.Key);
        _byKind = _byKey.Values
            .GroupBy(c => c.Kind, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                // Oldest first, then by namespace/name: Istio's order when rules for one host are merged.
                g => g.OrderBy(c => c.Meta.CreationTimestamp ?? DateTimeOffset.MinValue)
                      .ThenBy(c => c.Meta.Namespace, StringComparer.Ordinal)
                      .ThenBy(c => c.Meta.Name, StringComparer.Ordinal)
                      .ToArray(),
                StringComparer.Ordinal);
    }

    /// <summary>Increases with every change the store accepts.</summary>
    public long Version { get; }

    public int Count => _byKey.Count;

    public ConfigObject? Get(ConfigKey key) => _byKey.GetValueOrDefault(key);

    /// <summary>All objects of a kind, oldest first.</summary>
    public IReadOnlyList<ConfigObject> List(string kind) =>
        _byKind.TryGetValue(kind, out var list) ? list : [];

    public IEnumerable<ConfigObject> All => _byKey.Values;
}
