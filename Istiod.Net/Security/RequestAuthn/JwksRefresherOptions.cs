namespace Istiod.Net.Security.RequestAuthn;

/// <summary>How often the refresher looks at the cache when no config change wakes it.</summary>
public sealed record JwksRefresherOptions
{
    /// <summary>
    /// Refreshes and retries come due on the resolver's own intervals; this is only how late the refresher may
    /// notice one. Kept below the resolver's retry interval so a failed fetch is retried on time.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(10);
}
