namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>
/// A seeded sequence of the faults a real API server shows, applied between writes: dropped watches, compaction
/// (410 Gone on resume), a restart with or without compaction, slow answers, failing requests, bookmarks, split
/// watch events. <see cref="HealAsync"/> ends them all so the clients can converge.
/// </summary>
public sealed class FakeKubeFaults(FakeKubeApiServer server, Random random)
{
    private int _failEvery;
    private long _requests;

    /// <summary>What was done, for the failure message of a test that does not converge.</summary>
    public List<string> Applied { get; } = [];

    public async Task InjectAsync()
    {
        switch (random.Next(9))
        {
            case 0:
                server.DropWatches();
                Applied.Add("drop watches");
                break;
            case 1:
                server.Store.Compact();
                Applied.Add("compact");
                break;
            case 2:
                server.Store.Compact();
                server.DropWatches();
                Applied.Add("compact + drop");
                break;
            case 3:
                var compact = random.Next(2) == 0;
                await server.RestartAsync(compact);
                Applied.Add(compact ? "restart + compact" : "restart");
                break;
            case 4:
                server.ResponseDelay = server.ResponseDelay > TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(random.Next(50, 400));
                Applied.Add($"delay {server.ResponseDelay.TotalMilliseconds}ms");
                break;
            case 5:
                _failEvery = _failEvery > 0 ? 0 : random.Next(2, 5);
                var every = _failEvery;
                server.FailWith = every == 0 ? null : _ => Interlocked.Increment(ref _requests) % every == 0 ? 503 : null;
                Applied.Add(every == 0 ? "stop failing" : $"fail 1 in {every}");
                break;
            case 6:
                server.Store.Bookmark();
                Applied.Add("bookmark");
                break;
            case 7:
                server.SplitWatchEvents = !server.SplitWatchEvents;
                Applied.Add($"split events {server.SplitWatchEvents}");
                break;
            default:
                server.GoneAsHttpStatus = !server.GoneAsHttpStatus;
                Applied.Add($"gone as HTTP {server.GoneAsHttpStatus}");
                break;
        }
    }

    public void Heal()
    {
        server.ResponseDelay = TimeSpan.Zero;
        server.FailWith = null;
        _failEvery = 0;
        Applied.Add("heal");
    }

    public override string ToString() => string.Join(", ", Applied);
}
