namespace Istiod.Net.Load.Running;

/// <summary>How a run goes: who connects where, how fast, and which changes it measures.</summary>
public sealed record LoadSettings
{
    /// <summary>The plaintext xDS port, <c>http://127.0.0.1:15010</c> (h2c).</summary>
    public Uri Target { get; init; } = new("http://127.0.0.1:15010");

    /// <summary>The server's monitoring port (for <c>/metrics</c>); <c>null</c> skips reading server memory.</summary>
    public Uri? Monitoring { get; init; } = new("http://127.0.0.1:15014");

    public int Clients { get; init; } = 100;

    public AdsProtocol Protocol { get; init; } = AdsProtocol.Sotw;

    /// <summary>
    /// ADS streams sharing one HTTP/2 connection. Must not exceed the server's stream limit (istiod-net allows
    /// 1000), or streams beyond it wait for a free slot.
    /// </summary>
    public int StreamsPerConnection { get; init; } = 100;

    /// <summary>Clients started per second.</summary>
    public double RampPerSecond { get; init; } = 200;

    /// <summary>Listeners each client subscribes to, taken round-robin from the mesh; <c>null</c> = all.</summary>
    public int? ListenersPerClient { get; init; }

    /// <summary>Route changes to measure, one after another.</summary>
    public int Changes { get; init; } = 3;

    /// <summary>Quiet time before each change, so the previous one's pushes are over.</summary>
    public TimeSpan ChangePause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest a change is waited for before it counts the clients that missed it.</summary>
    public TimeSpan ChangeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest the run waits for every client to be in sync before it measures changes anyway.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The whole run stops after this and reports what it has.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (Target.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"--target must be an http:// address of the plaintext xDS port (h2c), not '{Target}'");
        }

        if (Clients is < 1 or > 100_000)
        {
            errors.Add($"--clients must be between 1 and 100000, not {Clients}");
        }

        if (StreamsPerConnection is < 1 or > 10_000)
        {
            errors.Add($"--streams-per-connection must be between 1 and 10000, not {StreamsPerConnection}");
        }

        if (RampPerSecond <= 0 || double.IsNaN(RampPerSecond))
        {
            errors.Add($"--ramp must be a positive number of clients per second, not {RampPerSecond}");
        }

        if (ListenersPerClient is < 1)
        {
            errors.Add($"--listeners-per-client must be at least 1, not {ListenersPerClient}");
        }

        if (Changes < 0)
        {
            errors.Add($"--changes must not be negative, not {Changes}");
        }

        if (Timeout <= TimeSpan.Zero || ChangeTimeout <= TimeSpan.Zero || SyncTimeout <= TimeSpan.Zero || ChangePause < TimeSpan.Zero)
        {
            errors.Add("timeouts must be positive and the change pause must not be negative");
        }

        return errors;
    }
}
