using System.Runtime.CompilerServices;
using Grpc.Core;
using GrpcCoreStatus = Grpc.Core.Status;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A Grpc.Net.Client duplex call with the reads tests want: null at the end of the stream, the final status as a task,
/// and writes serialized (the library throws if a write starts while one is in progress).
/// </summary>
public sealed class TestDuplexCall<TRequest, TResponse> : IAsyncDisposable
    where TResponse : class
{
    private readonly AsyncDuplexStreamingCall<TRequest, TResponse> _call;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<GrpcCoreStatus> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestDuplexCall(AsyncDuplexStreamingCall<TRequest, TResponse> call) => _call = call;

    /// <summary>The final status once the response stream ended, read or failed.</summary>
    public Task<GrpcCoreStatus> Status => _status.Task;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task CompleteRequestAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The next message, or null when the server ended the stream with OK; throws its <see cref="RpcException"/> otherwise.</summary>
    public async Task<TResponse?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                return _call.ResponseStream.Current;
            }
        }
        catch (RpcException e)
        {
            _status.TrySetResult(e.Status);
            throw;
        }

        _status.TrySetResult(_call.GetStatus());
        return null;
    }

    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    /// <summary>Resets the call if it still runs (RST_STREAM CANCEL).</summary>
    public ValueTask DisposeAsync()
    {
        _status.TrySetResult(new GrpcCoreStatus(StatusCode.Cancelled, "disposed"));
        _call.Dispose();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
