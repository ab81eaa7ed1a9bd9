namespace Istiod.Net.Security.RequestAuthn;

/// <summary>Bounds of the JWKS cache: how often keys are re-fetched, how long a fetch may take, how much is kept.</summary>
public sealed record JwksResolverOptions
{
    /// <summary>Cached key sets are fetched again this often (Istio's default is 20 minutes).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>After a failed fetch, the next attempt waits this long.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An entry no config has asked for in this long is dropped.</summary>
    public TimeSpan IdleExpiry { get; init; } = TimeSpan.FromHours(24);

    public int MaxEntries { get; init; } = 1000;

    /// <summary>At most this many fetches run at once, whoever started them (a config naming hundreds of URIs must not open hundreds of connections).</summary>
    public int MaxConcurrentFetches { get; init; } = 8;

    /// <summary>Larger responses are refused rather than pushed to every proxy.</summary>
    public int MaxJwksBytes { get; init; } = 1 << 20;
}
