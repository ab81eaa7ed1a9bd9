namespace Istiod.Net.Config.Store;

/// <summary>
/// The validated config in force, fed by the sources (folder, Kubernetes). Only valid objects get in;
/// an invalid update leaves the previous version of that object in force and is recorded as a rejection.
/// </summary>
public interface IConfigStore
{
    ConfigSnapshot Current { get; }

    /// <summary>Documents refused by validation or parsing, newest state per document.</summary>
    IReadOnlyList<ConfigRejection> Rejections { get; }

    /// <summary>
    /// Notes that reject nothing: skipped unknown kinds, validation warnings, objects shadowed by another
    /// source. Same shape as a rejection so /debug/configz can show both alike.
    /// </summary>
    IReadOnlyList<ConfigRejection> Warnings => [];

    /// <summary>Raised after each accepted change, with the snapshot it produced.</summary>
    event Action<ConfigChange>? Changed;
}
