using Grpc.Core;

namespace Istiod.Net.Grpc;

/// <summary>
/// <see cref="IGrpcStreamWriter{T}"/> over the library's response stream. The library refuses a write while
/// another is in progress (InvalidOperationException); ADS writes from the request loop and from pushes, so
/// writes queue here, one at a time. Each completes when the library's flush does, so HTTP/2 flow control
/// still stops a writer whose peer does not read.
/// </summary>
internal sealed class GrpcSerializedStreamWriter<T>(IServerStreamWriter<T> inner, CancellationToken callToken) : IGrpcStreamWriter<T>
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken)
            : null;
        var token = linked?.Token ?? callToken;
        await _writeLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(message, token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
