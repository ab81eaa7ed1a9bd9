namespace Istiod.Net.Grpc;

/// <summary>Ends a call with a status and message that the client sees in the trailers.</summary>
public sealed class GrpcException(GrpcStatusCode status, string message) : Exception(message)
{
    public GrpcStatusCode Status { get; } = status;
}
