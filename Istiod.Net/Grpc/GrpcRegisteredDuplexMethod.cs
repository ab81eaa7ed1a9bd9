using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Istiod.Net.Grpc;

internal sealed class GrpcRegisteredDuplexMethod<TRequest, TResponse>(
    string path,
    MessageParser<TRequest> parser,
    Func<IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
    : GrpcRegisteredMethod(path)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override void Bind(ServiceMethodProviderContext<GrpcRegisteredService> context, GrpcCallRuntime runtime)
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.DuplexStreaming, ServiceName, MethodName,
            GrpcProtobufMarshaller.Create(parser, "request"), GrpcProtobufMarshaller.Create<TResponse>(null, "response"));
        context.AddDuplexStreamingMethod(method, [], async (_, requests, responses, call) =>
        {
            using var scope = runtime.Begin(call, Path);
            try
            {
                var token = scope.Context.CancellationToken;
                await handler(ReadAllAsync(requests, token), new GrpcSerializedStreamWriter<TResponse>(responses, token), scope.Context)
                    .ConfigureAwait(false);
                scope.ThrowIfConnectionAged();
            }
            catch (Exception e)
            {
                throw scope.ToRpcException(e);
            }
        });
    }

    private static async IAsyncEnumerable<TRequest> ReadAllAsync(
        IAsyncStreamReader<TRequest> reader, CancellationToken callToken, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken)
            : null;
        var token = linked?.Token ?? callToken;
        while (await reader.MoveNext(token).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
