namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// The single loop of a stream: waits for the next request or a pending push, whichever comes first, and
/// hands it to the handler. Only one read is ever outstanding, so a client that floods requests is slowed
/// by the transport instead of filling a buffer here.
/// </summary>
internal static class XdsStreamPump
{
    /// <summary>
    /// Runs until the client half-closes. On the way out <paramref name="stop"/> is cancelled and the
    /// enumerator disposed (the pump owns it from here on).
    /// </summary>
    public static async Task RunAsync<TRequest>(
        IAsyncEnumerator<TRequest> requests,
        XdsConnection connection,
        IXdsStreamHandler<TRequest> handler,
        CancellationTokenSource stop)
    {
        var nextRequest = requests.MoveNextAsync().AsTask();
        var pushReady = connection.PushSignals.WaitToReadAsync(stop.Token).AsTask();
        try
        {
            while (true)
            {
                await Task.WhenAny(nextRequest, pushReady).ConfigureAwait(false);

                // Requests first: a subscription change can make a waiting push cheaper or unnecessary.
                if (nextRequest.IsCompleted)
                {
                    if (!await nextRequest.ConfigureAwait(false))
                    {
                        return;
                    }

                    await handler.HandleRequestAsync(requests.Current).ConfigureAwait(false);
                    nextRequest = requests.MoveNextAsync().AsTask();
                    continue;
                }

                if (!await pushReady.ConfigureAwait(false))
                {
                    return;
                }

                connection.PushSignals.TryRead(out _);
                if (connection.TakePush() is { } push)
                {
                    await handler.HandlePushAsync(push).ConfigureAwait(false);
                }

                pushReady = connection.PushSignals.WaitToReadAsync(stop.Token).AsTask();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            Observe(pushReady);

            // An enumerator must not be disposed with a read in flight. The read normally ends at once on the
            // cancellation above; if the transport ignores it, dispose later instead of hanging this call.
            Observe(nextRequest);
            if (nextRequest.IsCompleted)
            {
                await DisposeQuietlyAsync(requests).ConfigureAwait(false);
            }
            else
            {
                _ = nextRequest.ContinueWith(
                    _ => DisposeQuietlyAsync(requests),
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default).Unwrap();
            }
        }
    }

    private static async Task DisposeQuietlyAsync<T>(IAsyncEnumerator<T> requests)
    {
        try
        {
            await requests.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The stream is over either way; a transport that fails to clean up has nothing left to tell us.
        }
    }

    /// <summary>Marks a task's failure as seen: the loop's outcome is already decided when it is left behind.</summary>
    private static void Observe(Task task) => task.ContinueWith(
        t => _ = t.Exception,
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);
}
