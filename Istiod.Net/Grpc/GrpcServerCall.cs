using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Istiod.Net.Grpc;

/// <summary>
/// The server side of one call: reads request messages, writes response messages one at a time, and ends the
/// call with a status. Writes are serialized and each awaits the transport's flush, so HTTP/2 flow control
/// reaches the handler: a peer that stops reading stops the writer instead of growing a buffer.
/// </summary>
internal sealed class GrpcServerCall(
    HttpContext httpContext, GrpcServerOptions options, GrpcCallContext context, GrpcMessageReader reader)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _completed;
    private bool _bodyWritten;

    public GrpcCallContext Context { get; } = context;

    public async Task<T> ReadSingleMessageAsync<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        var message = await reader.ReadMessageAsync(parser, Context.CancellationToken).ConfigureAwait(false)
            ?? throw new GrpcException(GrpcStatusCode.Internal, "The unary call ended without a request message.");
        if (await reader.ReadMessageAsync(parser, Context.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "The unary call sent more than one request message.");
        }

        return message;
    }

    public async IAsyncEnumerable<T> ReadAllMessagesAsync<T>(
        MessageParser<T> parser, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IMessage<T>
    {
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? Context.CancellationToken;
        while (await reader.ReadMessageAsync(parser, token).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    public async Task WriteMessageAsync<T>(T message, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? Context.CancellationToken;
        await _writeLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException($"The call {Context.Method} has ended; no more messages can be written.");
            }

            var body = httpContext.Response.BodyWriter;
            GrpcMessageWriter.Write(body, message, options.MaxSendMessageSize, "response");
            _bodyWritten = true;
            var flush = await body.FlushAsync(token).ConfigureAwait(false);
            if (flush.IsCanceled)
            {
                throw new OperationCanceledException(token);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Ends the call. Waits for a write in progress, then sends the status as trailers, or as a trailers-only
    /// response (status in the headers, no body) when nothing was sent yet, which is how gRPC reports early errors.
    /// </summary>
    public async Task CompleteAsync(GrpcStatus status)
    {
        await _writeLock.WaitAsync(httpContext.RequestAborted).ConfigureAwait(false);
        try
        {
            _completed = true;
            var response = httpContext.Response;
            // Bytes already in the body (even unflushed) mean the status must follow them as trailers.
            if (response.HasStarted || _bodyWritten)
            {
                response.AppendTrailer(GrpcProtocol.StatusHeader, StatusText(status.Code));
                if (status.Message.Length > 0)
                {
                    response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcMessageEncoding.Encode(status.Message));
                }
            }
            else
            {
                WriteTrailersOnly(response, status);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public static void WriteTrailersOnly(HttpResponse response, GrpcStatus status)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = StatusText(status.Code);
        if (status.Message.Length > 0)
        {
            response.Headers[GrpcProtocol.MessageHeader] = GrpcMessageEncoding.Encode(status.Message);
        }
    }

    private static string StatusText(GrpcStatusCode code) =>
        ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private CancellationTokenSource? Link(CancellationToken token) =>
        token.CanBeCanceled && token != Context.CancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(token, Context.CancellationToken)
            : null;
}
