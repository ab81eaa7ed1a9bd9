using Google.Protobuf;
using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Security;

/// <summary>
/// Captures what a service registers on the gRPC seam and calls it the way a transport would: bytes in,
/// parsed by the registered parser, handler, bytes out.
/// </summary>
internal sealed class RecordingGrpcServiceBuilder : IGrpcServiceBuilder
{
    private readonly Dictionary<string, Func<byte[], GrpcCallContext, Task<byte[]>>> _unary = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Methods => _unary.Keys;

    public IGrpcServiceBuilder AddUnary<TRequest, TResponse>(
        string method, MessageParser<TRequest> parser, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        _unary.Add(method, async (bytes, call) => (await handler(parser.ParseFrom(bytes), call).ConfigureAwait(false)).ToByteArray());
        return this;
    }

    public IGrpcServiceBuilder AddDuplexStreaming<TRequest, TResponse>(
        string method, MessageParser<TRequest> parser, Func<IAsyncEnumerable<TRequest>, IGrpcStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        throw new NotSupportedException("only unary methods are recorded");

    public async Task<TResponse> CallUnaryAsync<TResponse>(string method, IMessage request, GrpcCallContext call, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse>
    {
        var bytes = await _unary[method](request.ToByteArray(), call).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return parser.ParseFrom(bytes);
    }
}
