namespace Istiod.Net.Tests.Infrastructure;

/// <summary>/debug/configz: the config in force and the documents that were rejected.</summary>
public sealed record E2eConfigz
{
    public long Version { get; init; }

    public IReadOnlyList<E2eConfigzEntry> Configs { get; init; } = [];

    public IReadOnlyList<E2eConfigzRejected> Rejected { get; init; } = [];
}
