using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Store;

/// <summary>What one source contributes to the store: its objects (by origin file) and its current rejections.</summary>
internal sealed class SourceState
{
    public static readonly SourceState Empty = new(
        new Dictionary<string, IReadOnlyDictionary<ConfigKey, ConfigObject>>(),
        new Dictionary<ConfigKey, SourceEntry>(),
        [],
        []);

    public SourceState(
        IReadOnlyDictionary<string, IReadOnlyDictionary<ConfigKey, ConfigObject>> byOrigin,
        IReadOnlyDictionary<ConfigKey, SourceEntry> entries,
        IReadOnlyList<ConfigRejection> rejections,
        IReadOnlyList<ConfigRejection> warnings)
    {
        ByOrigin = byOrigin;
        Entries = entries;
        Rejections = rejections;
        Warnings = warnings;
    }

    /// <summary>Objects per origin (file path), so an unreadable file can keep exactly what it held.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<ConfigKey, ConfigObject>> ByOrigin { get; }

    /// <summary>Every object of the source with the write stamp of its current content.</summary>
    public IReadOnlyDictionary<ConfigKey, SourceEntry> Entries { get; }

    public IReadOnlyList<ConfigRejection> Rejections { get; }

    public IReadOnlyList<ConfigRejection> Warnings { get; }
}
