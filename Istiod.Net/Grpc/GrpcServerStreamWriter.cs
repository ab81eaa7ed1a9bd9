using Google.Protobuf;

namespace Istiod.Net.Grpc;

/// <summary>The response stream a streaming handler writes to; all the work is in <see cref="GrpcServerCall"/>.</summary>
internal sealed class GrpcServerStreamWriter<T>(GrpcServerCall call) : IGrpcStreamWriter<T>
    where T : IMessage<T>
{
    public ValueTask WriteAsync(T message, CancellationToken cancellationToken = default) =>
        new(call.WriteMessageAsync(message, cancellationToken));
}
