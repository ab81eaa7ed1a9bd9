namespace Istiod.Net.Tests.Infrastructure;

/// <summary>A rejected document in /debug/configz: where it came from and why it was refused.</summary>
public sealed record E2eConfigzRejected
{
    public string Source { get; init; } = "";

    public int? DocumentIndex { get; init; }

    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<E2eConfigzError> Errors { get; init; } = [];

    public override string ToString() =>
        $"{Source}#{DocumentIndex} {Kind} {Namespace}/{Name}: {string.Join("; ", Errors)}";
}
