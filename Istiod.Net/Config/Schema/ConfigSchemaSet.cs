using System.Collections.Frozen;

namespace Istiod.Net.Config.Schema;

/// <summary>
/// A table of config kinds with the lookups the parser, the store and the Kubernetes source need.
/// Everything that varies per kind lives in its <see cref="ConfigKind"/> row, so adding a kind never
/// means editing a switch statement somewhere else.
/// </summary>
public sealed class ConfigSchemaSet
{
    private readonly FrozenDictionary<string, ConfigKind> _byKind;

    public ConfigSchemaSet(IEnumerable<ConfigKind> kinds)
    {
        All = kinds.ToArray();
        var byKind = new Dictionary<string, ConfigKind>(StringComparer.Ordinal);
        foreach (var kind in All)
        {
            // ConfigObject.Kind and ConfigKey use the plain kind name, so it must identify one row.
            if (!byKind.TryAdd(kind.Kind, kind))
            {
                throw new ArgumentException($"Kind {kind.Kind} appears twice in the schema table.", nameof(kinds));
            }
        }

        _byKind = byKind.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyList<ConfigKind> All { get; }

    /// <summary>The row for a document's <c>apiVersion</c> and <c>kind</c>, or null when this table does not accept them.</summary>
    public ConfigKind? Find(string apiVersion, string kind) =>
        _byKind.TryGetValue(kind, out var row) && row.AcceptsApiVersion(apiVersion) ? row : null;

    /// <summary>The row for a plain kind name as held by <c>ConfigObject.Kind</c>.</summary>
    public ConfigKind? FindByKind(string kind) => _byKind.GetValueOrDefault(kind);

    /// <summary>The row for a Kubernetes resource (group and plural, as in a watch URL).</summary>
    public ConfigKind? FindByPlural(string group, string plural) =>
        All.FirstOrDefault(k => k.Group == group && k.Plural == plural);
}
