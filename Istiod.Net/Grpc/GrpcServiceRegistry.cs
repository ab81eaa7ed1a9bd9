using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;

namespace Istiod.Net.Grpc;

/// <summary>
/// The methods the server offers, by full path. Services register here through <see cref="IGrpcServiceBuilder"/>;
/// <see cref="GrpcRegistryMethodProvider"/> hands them to Grpc.AspNetCore when the endpoints are mapped, so every
/// method must be registered before <c>MapGrpcRegistry</c> runs.
/// </summary>
public sealed class GrpcServiceRegistry : IGrpcServiceBuilder
{
    private readonly ConcurrentDictionary<string, GrpcRegisteredMethod> _methods = new(StringComparer.Ordinal);

    /// <summary>Full paths of every registered method.</summary>
    public IReadOnlyCollection<string> Methods => _methods.Keys.ToArray();

    public IGrpcServiceBuilder AddUnary<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new GrpcRegisteredUnaryMethod<TRequest, TResponse>(CheckPath(method), parser, handler));
        return this;
    }

    public IGrpcServiceBuilder AddDuplexStreaming<TRequest, TResponse>(
        string method,
        MessageParser<TRequest> parser,
        Func<IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new GrpcRegisteredDuplexMethod<TRequest, TResponse>(CheckPath(method), parser, handler));
        return this;
    }

    internal void Bind(ServiceMethodProviderContext<GrpcRegisteredService> context, GrpcCallRuntime runtime)
    {
        foreach (var method in _methods.Values)
        {
            method.Bind(context, runtime);
        }
    }

    private void Add(GrpcRegisteredMethod handler)
    {
        if (!_methods.TryAdd(handler.Path, handler))
        {
            throw new InvalidOperationException($"The gRPC method '{handler.Path}' is already registered.");
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
