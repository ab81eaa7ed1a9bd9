using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Istiod.Net.Grpc;

internal sealed class GrpcRegisteredUnaryMethod<TRequest, TResponse>(
    string path, MessageParser<TRequest> parser, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
    : GrpcRegisteredMethod(path)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override void Bind(ServiceMethodProviderContext<GrpcRegisteredService> context, GrpcCallRuntime runtime)
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary, ServiceName, MethodName,
            GrpcProtobufMarshaller.Create(parser, "request"), GrpcProtobufMarshaller.Create<TResponse>(null, "response"));
        context.AddUnaryMethod(method, [], async (_, request, call) =>
        {
            using var scope = runtime.Begin(call, Path);
            try
            {
                return await handler(request, scope.Context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw scope.ToRpcException(e);
            }
        });
    }
}
