using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Calls by path on a Grpc.Net.Client channel, for test services that have no generated client (the server tests
/// register methods by name). Failures are the library's <see cref="RpcException"/>.
/// </summary>
public static class TestGrpcCalls
{
    public static Task<TResponse> UnaryAsync<TRequest, TResponse>(
        this GrpcChannel channel, string method, TRequest request, MessageParser<TResponse> parser, TestCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = channel.CreateCallInvoker().AsyncUnaryCall(Method<TRequest, TResponse>(MethodType.Unary, method, parser), null, CallOptions(options), request);
        return call.ResponseAsync;
    }

    public static TestDuplexCall<TRequest, TResponse> StartDuplex<TRequest, TResponse>(
        this GrpcChannel channel, string method, MessageParser<TResponse> parser, TestCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(channel.CreateCallInvoker().AsyncDuplexStreamingCall(Method<TRequest, TResponse>(MethodType.DuplexStreaming, method, parser), null, CallOptions(options)));

    private static Method<TRequest, TResponse> Method<TRequest, TResponse>(MethodType type, string path, MessageParser<TResponse> parser)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var slash = path.LastIndexOf('/');
        if (slash <= 1 || path[0] != '/')
        {
            throw new ArgumentException($"A method path is /package.Service/Method, not '{path}'.", nameof(path));
        }

        return new Method<TRequest, TResponse>(
            type,
            path[1..slash],
            path[(slash + 1)..],
            Marshallers.Create<TRequest>(m => m.ToByteArray(), _ => throw new NotSupportedException("requests are only sent")),
            Marshallers.Create(m => m.ToByteArray(), bytes => parser.ParseFrom(bytes)));
    }

    private static CallOptions CallOptions(TestCallOptions? options)
    {
        Metadata? headers = null;
        if (options?.Headers is { } given)
        {
            headers = [];
            foreach (var (key, value) in given)
            {
                headers.Add(key.ToLowerInvariant(), value);
            }
        }

        return new CallOptions(headers, options?.Deadline?.UtcDateTime, options?.CancellationToken ?? default);
    }
}
