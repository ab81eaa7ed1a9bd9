namespace Istiod.Net.Grpc;

/// <summary>
/// Writes messages to a response stream. A write completes when the transport has taken the bytes,
/// so a slow reader slows the writer instead of growing a buffer.
/// </summary>
public interface IGrpcStreamWriter<in T>
{
    ValueTask WriteAsync(T message, CancellationToken cancellationToken = default);
}
