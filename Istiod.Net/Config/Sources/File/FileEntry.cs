using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Config.Sources.File;

/// <summary>What the folder source last read from one file: its size and mtime, a digest of its bytes and the parse.</summary>
internal sealed record FileEntry(long Length, DateTime LastWriteUtc, string? ContentHash, IReadOnlyList<ParseResult> Results)
{
    /// <summary>
    /// Set when the file was seen empty although it had content: a writer that truncates and then writes
    /// is caught in between, so the old content is held for one more look.
    /// </summary>
    public bool HeldEmpty { get; init; }
}
