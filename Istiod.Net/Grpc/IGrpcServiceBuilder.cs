using Google.Protobuf;

namespace Istiod.Net.Grpc;

/// <summary>
/// The narrow seam between gRPC services and the transport that runs them. Services register their
/// methods here and never touch HTTP or Grpc.Core types; <see cref="GrpcServiceRegistry"/> hands them to
/// Grpc.AspNetCore. The <c>class</c> constraints are Grpc.Core's <c>Method&lt;TRequest, TResponse&gt;</c>'s.
/// </summary>
public interface IGrpcServiceBuilder
{
    /// <param name="method">Full path, <c>/package.Service/Method</c>.</param>
    IGrpcServiceBuilder AddUnary<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    /// <summary>
    /// A bidirectional stream. The handler reads requests as they arrive and writes responses at its own
    /// pace; returning ends the call with OK, throwing <see cref="GrpcException"/> ends it with that status.
    /// </summary>
    IGrpcServiceBuilder AddDuplexStreaming<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}
