using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Store;

/// <summary>
/// One object as a source holds it, with the store-wide write stamp of its content and where it came
/// from. The stamp decides between two sources defining the same key: the most recent writer wins.
/// </summary>
internal sealed record SourceEntry(ConfigObject Config, long Stamp, string Origin);
