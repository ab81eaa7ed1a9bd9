namespace Istiod.Net.Grpc;

/// <summary>Limits the gRPC server applies to every call.</summary>
public sealed record GrpcServerOptions
{
    /// <summary>Largest request message accepted; larger ones end the call with RESOURCE_EXHAUSTED. gRPC's usual 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest response message sent; larger ones end the call with RESOURCE_EXHAUSTED. Larger than the receive
    /// limit because xDS responses (all clusters, all endpoints) grow with the mesh while requests stay small.
    /// </summary>
    public int MaxSendMessageSize { get; init; } = 64 * 1024 * 1024;
}
