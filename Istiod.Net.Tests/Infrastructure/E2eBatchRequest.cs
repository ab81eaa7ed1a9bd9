namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One command to an xDS client script: run this many RPCs on its channel, with these headers.</summary>
public sealed record E2eBatchRequest
{
    public required int Rpcs { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public int Concurrency { get; init; } = 32;

    /// <summary>Deadline per RPC.</summary>
    public int TimeoutMs { get; init; } = 5000;

    /// <summary>RPCs wait for a ready connection instead of failing fast while none is ready.</summary>
    public bool WaitForReady { get; init; }

    /// <summary>When set, each RPC also carries this header with a value unique to it (retries repeat it).</summary>
    public string? RpcIdHeader { get; init; }

    /// <summary>The concurrent RPCs start this many ms apart instead of all at once.</summary>
    public int StaggerMs { get; init; }

    /// <summary>The method of e2e.Echo to call (<see cref="E2eEchoMethods"/>); null calls Who.</summary>
    public string? Method { get; init; }
}
