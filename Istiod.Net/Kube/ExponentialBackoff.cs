namespace Istiod.Net.Kube;

/// <summary>
/// Delays between retries: doubling from <c>initial</c> up to <c>max</c>, each drawn from the upper half of the
/// current step so that many replicas restarting together do not retry in lockstep.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private int _attempt;

    public ExponentialBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        if (initial <= TimeSpan.Zero || max < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), "backoff needs 0 < initial <= max");
        }

        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>The next delay; each call doubles the step until the maximum.</summary>
    public TimeSpan Next()
    {
        lock (_lock)
        {
            var step = _initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30));
            step = Math.Min(step, _max.TotalMilliseconds);
            _attempt++;
            return TimeSpan.FromMilliseconds(step / 2 + _random.NextDouble() * step / 2);
        }
    }

    /// <summary>Back to the initial step after a success.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _attempt = 0;
        }
    }
}
