using System.Net;
using System.Net.Http.Headers;

namespace Istiod.Net.Grpc.Client;

/// <summary>
/// A request body that stays open while the call runs: HttpClient hands over the request stream, the call writes
/// messages into it as they come, and the body ends (END_STREAM) when the call says so.
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrpcRequestContent()
    {
        Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
    }

    /// <summary>Completes once HttpClient is ready to send the body.</summary>
    public Task<Stream> Stream => _stream.Task;

    /// <summary>Ends the request body.</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Fails whoever waits for the stream, when the call ended before the body could start.</summary>
    public void Fail(Exception exception)
    {
        _stream.TrySetException(exception);
        _completed.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Send the headers now: the server should see the call start even before the first message.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        await using (cancellationToken.Register(() => _completed.TrySetCanceled(cancellationToken)).ConfigureAwait(false))
        {
            await _completed.Task.ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
