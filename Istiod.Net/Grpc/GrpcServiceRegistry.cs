using System.Collections.Concurrent;
using Google.Protobuf;

namespace Istiod.Net.Grpc;

/// <summary>
/// The methods the server offers, by full path. Services register here through <see cref="IGrpcServiceBuilder"/>;
/// <c>UseGrpcServices</c> serves whatever is registered, so methods may be added before or after the app starts.
/// </summary>
public sealed class GrpcServiceRegistry : IGrpcServiceBuilder
{
    private readonly ConcurrentDictionary<string, GrpcMethodHandler> _methods = new(StringComparer.Ordinal);

    /// <summary>Full paths of every registered method.</summary>
    public IReadOnlyCollection<string> Methods => _methods.Keys.ToArray();

    public IGrpcServiceBuilder AddUnary<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new GrpcUnaryMethodHandler<TRequest, TResponse>(CheckPath(method), parser, handler));
        return this;
    }

    public IGrpcServiceBuilder AddDuplexStreaming<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new GrpcDuplexStreamingMethodHandler<TRequest, TResponse>(CheckPath(method), parser, handler));
        return this;
    }

    internal bool TryGetMethod(string path, out GrpcMethodHandler handler) =>
        _methods.TryGetValue(path, out handler!);

    private void Add(GrpcMethodHandler handler)
    {
        if (!_methods.TryAdd(handler.Method, handler))
        {
            throw new InvalidOperationException($"The gRPC method '{handler.Method}' is already registered.");
        }
    }

    private static string CheckPath(string method)
    {
        // "/package.Service/Method": exactly two segments, both non-empty.
        if (method is null || method.Length < 4 || method[0] != '/' ||
            method.IndexOf('/', 1) is var slash && (slash < 2 || slash == method.Length - 1 || method.IndexOf('/', slash + 1) >= 0))
        {
            throw new ArgumentException($"'{method}' is not a gRPC method path of the form /package.Service/Method.", nameof(method));
        }

        return method;
    }
}
