namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One connected proxy as /debug/syncz shows it.</summary>
public sealed record E2eSynczProxy
{
    public string ProxyId { get; init; } = "";

    public string? ConnectionId { get; init; }

    public string? Protocol { get; init; }

    public string? Peer { get; init; }

    /// <summary>Per type URL, what was sent, what was ACKed, and any NACK.</summary>
    public IReadOnlyDictionary<string, E2eSynczTypeState> Types { get; init; } = new Dictionary<string, E2eSynczTypeState>();
}
