namespace Istiod.Net.Tests.Infrastructure;

/// <summary>The last NACK a proxy sent for a type: the error it gave and the nonce it rejected.</summary>
public sealed record E2eSynczNack
{
    public string? Error { get; init; }

    public string? Nonce { get; init; }

    public string? At { get; init; }
}
