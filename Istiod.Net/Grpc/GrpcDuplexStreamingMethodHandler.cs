using Google.Protobuf;

namespace Istiod.Net.Grpc;

internal sealed class GrpcDuplexStreamingMethodHandler<TRequest, TResponse>(
    string method,
    MessageParser<TRequest> parser,
    Func<IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
    : GrpcMethodHandler(method)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override Task InvokeAsync(GrpcServerCall call) =>
        handler(call.ReadAllMessagesAsync(parser), new GrpcServerStreamWriter<TResponse>(call), call.Context);
}
