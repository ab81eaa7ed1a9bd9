using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Istiod.Net.Grpc.Client;

/// <summary>
/// One bidirectional streaming call. Write requests with <see cref="WriteAsync"/> (concurrent writes are
/// serialized), end them with <see cref="CompleteRequestAsync"/>, and read responses with
/// <see cref="ReadAsync"/> or <see cref="ReadAllAsync"/> from one reader at a time. A non-OK status surfaces as a
/// <see cref="GrpcException"/> from the read that reaches the end of the stream. Dispose to cancel a call that
/// is still running.
/// </summary>
public sealed class GrpcDuplexCall<TRequest, TResponse> : IAsyncDisposable
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    private readonly GrpcRequestContent _content = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<GrpcStatus> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource _call;
    private readonly MessageParser<TResponse> _parser;
    private readonly GrpcChannelOptions _channelOptions;
    private readonly Task<HttpResponseMessage> _response;
    private HttpResponseMessage? _responseMessage;
    private PipeReader? _responseBody;
    private GrpcMessageReader? _reader;
    private bool _requestCompleted;
    private bool _disposed;

    internal GrpcDuplexCall(
        HttpClient http, Uri address, string method, MessageParser<TResponse> parser,
        GrpcChannelOptions channelOptions, GrpcCallOptions callOptions)
    {
        Method = method;
        _parser = parser;
        _channelOptions = channelOptions;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = _content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        foreach (var (name, value) in callOptions.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name.ToLowerInvariant(), value);
        }

        if (callOptions.Deadline is { } deadline)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
            _deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }

        _call = CancellationTokenSource.CreateLinkedTokenSource(
            callOptions.CancellationToken, _deadline?.Token ?? CancellationToken.None);
        _response = SendAsync(http, request);
    }

    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>
    /// The final status. Completes when a read reaches the end of the response, or when the call fails or is
    /// cancelled; a call whose responses are never read to the end never gets here.
    /// </summary>
    public Task<GrpcStatus> Status => _status.Task;

    /// <summary>
    /// Sends one request message and waits until the transport took it, so HTTP/2 flow control slows a writer
    /// the server does not keep up with. Throws <see cref="GrpcException"/> when the call has ended.
    /// </summary>
    public async ValueTask WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.Token);
        var token = linked.Token;
        try
        {
            await _writeLock.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            throw WriteFailure(ex, cancellationToken);
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_requestCompleted)
            {
                throw new InvalidOperationException("The request stream was already completed; no more messages can be sent.");
            }

            ThrowIfEndedWithError();
            var buffer = new ArrayBufferWriter<byte>();
            try
            {
                GrpcMessageWriter.Write(buffer, message, _channelOptions.MaxSendMessageSize, "request");
            }
            catch (GrpcException ex)
            {
                // The message never left; the server would wait for it forever, so the call ends here.
                End(new GrpcStatus(ex.Status, ex.Message));
                throw;
            }

            var stream = await _content.Stream.WaitAsync(token).ConfigureAwait(false);
            await stream.WriteAsync(buffer.WrittenMemory, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw WriteFailure(ex, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the request stream (HTTP/2 END_STREAM): the server sees that no more requests come.</summary>
    public async ValueTask CompleteRequestAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _requestCompleted = true;
            _content.Complete();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The next response message, or <c>null</c> when the server ended the call with OK. Throws
    /// <see cref="GrpcException"/> with the server's status when it ended with another, or with the client's
    /// own status for a deadline, cancellation, transport failure or malformed response. Cancelling
    /// <paramref name="cancellationToken"/> cancels the whole call.
    /// </summary>
    public async ValueTask<TResponse?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_status.Task.IsCompleted)
        {
            ThrowIfEndedWithError();
            return default;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.Token);
        try
        {
            var reader = await GetReaderAsync(linked.Token).ConfigureAwait(false);
            if (reader is not null && await reader.ReadMessageAsync(_parser, linked.Token).ConfigureAwait(false) is { } message)
            {
                return message;
            }

            // The body ended; the status is in the trailers, or was in the headers for a trailers-only response.
            var status = reader is null
                ? GrpcClientStatus.FromHeaders(_responseMessage!.Headers)!
                : GrpcClientStatus.FromHeaders(_responseMessage!.TrailingHeaders)
                  ?? new GrpcStatus(GrpcStatusCode.Internal, "The response ended without a grpc-status trailer.");
            End(status);
        }
        catch (GrpcException ex)
        {
            End(new GrpcStatus(ex.Status, ex.Message));
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            End(FailureStatus(ex, cancellationToken));
        }

        ThrowIfEndedWithError();
        return default;
    }

    /// <summary>Every response until the end of the call; throws like <see cref="ReadAsync"/> for a non-OK end.</summary>
    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    /// <summary>Cancels the call if it is still running (the stream is reset) and frees its resources.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _status.TrySetResult(new GrpcStatus(GrpcStatusCode.Cancelled, "The call was disposed before it completed."));
        await _call.CancelAsync().ConfigureAwait(false);
        _content.Fail(new ObjectDisposedException(GetType().Name));
        try
        {
            await _response.ConfigureAwait(false);
        }
        catch (GrpcException)
        {
            // Already reported through Status.
        }

        if (_responseBody is not null)
        {
            await _responseBody.CompleteAsync().ConfigureAwait(false);
        }

        _responseMessage?.Dispose();
        _call.Dispose();
        _deadline?.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        if (_deadline?.IsCancellationRequested == true)
        {
            // Nothing is sent for a call whose deadline has already passed.
            var expired = End(new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "The deadline had passed before the call started."));
            _content.Fail(new GrpcException(expired.Code, expired.Message));
            throw new GrpcException(expired.Code, expired.Message);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _call.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            var status = End(FailureStatus(ex, CancellationToken.None));
            _content.Fail(new GrpcException(status.Code, status.Message));
            throw new GrpcException(status.Code, status.Message);
        }

        // A non-200 or trailers-only response means the server is done with the call. HttpClient may then never ask
        // for the request body, so writers waiting for it learn the outcome here instead of waiting forever.
        var early = response.StatusCode != HttpStatusCode.OK
            ? GrpcClientStatus.FromHttpStatus(response.StatusCode)
            : GrpcClientStatus.FromHeaders(response.Headers);
        if (early is not null)
        {
            _content.Fail(early.Code == GrpcStatusCode.Ok
                ? new InvalidOperationException("The server ended the call; no more messages can be sent.")
                : ToException(early));
        }

        return response;
    }

    /// <summary>The reader of response messages, or <c>null</c> for a trailers-only response (status in the headers).</summary>
    private async ValueTask<GrpcMessageReader?> GetReaderAsync(CancellationToken token)
    {
        if (_reader is not null)
        {
            return _reader;
        }

        var response = await _response.WaitAsync(token).ConfigureAwait(false);
        _responseMessage = response;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw ToException(GrpcClientStatus.FromHttpStatus(response.StatusCode));
        }

        if (GrpcClientStatus.FromHeaders(response.Headers) is not null)
        {
            return null;
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"The response has content type '{contentType}', not application/grpc.");
        }

        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        _responseBody = PipeReader.Create(stream);
        var encoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;
        _reader = new GrpcMessageReader(_responseBody, _channelOptions.MaxReceiveMessageSize, "response", encoding);
        return _reader;
    }

    /// <summary>Records the final status (the first one wins) and, for a non-OK end, stops the call.</summary>
    private GrpcStatus End(GrpcStatus status)
    {
        _status.TrySetResult(status);
        var final = _status.Task.Result;
        if (final.Code != GrpcStatusCode.Ok)
        {
            _call.Cancel();
            _content.Fail(ToException(final));
        }
        else
        {
            _content.Fail(new InvalidOperationException("The call has ended; no more messages can be sent."));
        }

        return final;
    }

    private void ThrowIfEndedWithError()
    {
        if (_status.Task.IsCompleted && _status.Task.Result is { Code: not GrpcStatusCode.Ok } status)
        {
            throw ToException(status);
        }
    }

    /// <summary>
    /// A write that failed because the call ended carries the final status when it is known. Otherwise the
    /// status is still in the response, which the reader will find; the write reports what it saw.
    /// </summary>
    private GrpcException WriteFailure(Exception exception, CancellationToken callerToken)
    {
        if (_status.Task.IsCompleted)
        {
            return ToException(_status.Task.Result);
        }

        var status = FailureStatus(exception, callerToken);
        if (status.Code is GrpcStatusCode.Cancelled or GrpcStatusCode.DeadlineExceeded)
        {
            End(status);
        }

        return ToException(status);
    }

    private GrpcStatus FailureStatus(Exception exception, CancellationToken callerToken)
    {
        if (_deadline?.IsCancellationRequested == true)
        {
            return new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "The deadline passed before the call completed.");
        }

        if (exception is GrpcException grpc)
        {
            return new GrpcStatus(grpc.Status, grpc.Message);
        }

        if (_call.IsCancellationRequested || callerToken.IsCancellationRequested)
        {
            return new GrpcStatus(GrpcStatusCode.Cancelled, "The call was cancelled.");
        }

        return GrpcClientStatus.FromTransportFailure(exception);
    }

    private static bool IsTransportFailure(Exception exception) =>
        exception is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException
            or GrpcException;

    private static GrpcException ToException(GrpcStatus status) => new(status.Code, status.Message);
}
