namespace Istiod.Net.Push;

/// <summary>
/// Batches push requests: fires once no request arrived for <see cref="PushOptions.DebounceQuiet"/>, or
/// <see cref="PushOptions.DebounceMax"/> after the first pending request, whichever comes first. Requests
/// merge. One firing at a time: requests that arrive during a firing wait for it to finish, then debounce
/// again, so a slow push is never overlapped by the next one.
/// </summary>
public sealed class PushDebouncer : IDisposable
{
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<PushRequest> _fire;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();

    private PushRequest? _pending;
    private DateTimeOffset _firstAt;
    private DateTimeOffset _lastAt;
    private bool _firing;
    private bool _disposed;

    public PushDebouncer(PushOptions options, TimeProvider time, Action<PushRequest> fire)
    {
        _options = options;
        _time = time;
        _fire = fire;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a request is waiting to fire.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _pending is not null;
            }
        }
    }

    public void Enqueue(PushRequest request)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            request = request.TriggeredAt is null ? request with { TriggeredAt = now } : request;
            if (_pending is null)
            {
                _pending = request;
                _firstAt = now;
            }
            else
            {
                _pending = _pending.Merge(request);
            }

            _lastAt = now;
            if (!_firing)
            {
                Arm(now);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pending = null;
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        PushRequest request;
        lock (_gate)
        {
            if (_firing || _pending is null || _disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (now < DueAt())
            {
                // Another request arrived since the timer was set: wait for the quiet period again.
                Arm(now);
                return;
            }

            request = _pending;
            _pending = null;
            _firing = true;
        }

        try
        {
            _fire(request);
        }
        finally
        {
            lock (_gate)
            {
                _firing = false;
                if (_pending is not null && !_disposed)
                {
                    Arm(_time.GetUtcNow());
                }
            }
        }
    }

    private DateTimeOffset DueAt()
    {
        var quietEnd = _lastAt + _options.DebounceQuiet;
        var maxEnd = _firstAt + _options.DebounceMax;
        return quietEnd < maxEnd ? quietEnd : maxEnd;
    }

    private void Arm(DateTimeOffset now)
    {
        var wait = DueAt() - now;
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }
}
