namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Per-call settings for <see cref="TestGrpcCalls"/>: request headers, deadline, cancellation.</summary>
public sealed record TestCallOptions
{
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public CancellationToken CancellationToken { get; init; }
}
