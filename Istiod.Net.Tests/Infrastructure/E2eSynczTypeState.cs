namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One type URL on one connection in /debug/syncz.</summary>
public sealed record E2eSynczTypeState
{
    public IReadOnlyList<string> Subscribed { get; init; } = [];

    public string? SentVersion { get; init; }

    public string? SentNonce { get; init; }

    public string? AckedVersion { get; init; }

    public int ResourceCount { get; init; }

    public E2eSynczNack? Nack { get; init; }
}
