using Google.Protobuf;

namespace Istiod.Net.Grpc;

internal sealed class GrpcUnaryMethodHandler<TRequest, TResponse>(
    string method,
    MessageParser<TRequest> parser,
    Func<TRequest, GrpcCallContext, Task<TResponse>> handler) : GrpcMethodHandler(method)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override async Task InvokeAsync(GrpcServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(parser).ConfigureAwait(false);
        var response = await handler(request, call.Context).ConfigureAwait(false);
        await call.WriteMessageAsync(response, CancellationToken.None).ConfigureAwait(false);
    }
}
