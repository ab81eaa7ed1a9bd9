namespace Istiod.Net.Grpc.Client;

/// <summary>Per-call settings.</summary>
public sealed record GrpcCallOptions
{
    /// <summary>Request metadata, e.g. <c>authorization</c>. Names are sent lower case.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>
    /// When the call must be done. Sent to the server as <c>grpc-timeout</c> and enforced here too: past it the
    /// call ends with DEADLINE_EXCEEDED whichever side notices first.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Cancels the call (the stream is reset); it then ends with CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }
}
