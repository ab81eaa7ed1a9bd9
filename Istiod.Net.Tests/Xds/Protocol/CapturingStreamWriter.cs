using System.Threading.Channels;
using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// Receives what a handler writes. A test can hold writes to play a slow client: the next write then
/// blocks (signalling <see cref="WriteBlocked"/>) until <see cref="Release"/>.
/// </summary>
internal sealed class CapturingStreamWriter<T> : IGrpcStreamWriter<T>
{
    private readonly Channel<T> _written = Channel.CreateUnbounded<T>();
    private TaskCompletionSource _hold = Completed();
    private TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelReader<T> Written => _written.Reader;

    /// <summary>Completes when a write is waiting on a hold.</summary>
    public Task WriteBlocked => _blocked.Task;

    public void Hold()
    {
        _blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _hold.TrySetResult();

    public async ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        var hold = _hold;
        if (!hold.Task.IsCompleted)
        {
            _blocked.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }

        _written.Writer.TryWrite(message);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
