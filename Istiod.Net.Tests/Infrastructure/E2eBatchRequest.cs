namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One command to an xDS client script: run this many RPCs on its channel, with these headers.</summary>
public sealed record E2eBatchRequest
{
    public required int Rpcs { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public int Concurrency { get; init; } = 32;

    /// <summary>Deadline per RPC.</summary>
    public int TimeoutMs { get; init; } = 5000;
}
