namespace Istiod.Net.Security.RequestAuthn;

/// <summary>One cached key set: the last good JWKS (if any), when it was fetched and last asked for, and the last error.</summary>
internal sealed class JwksCacheEntry
{
    public string? Jwks { get; set; }

    public DateTimeOffset FetchedAt { get; set; }

    public DateTimeOffset LastAttempt { get; set; }

    public DateTimeOffset LastUsed { get; set; }

    public string? LastError { get; set; }

    public Task? Fetching { get; set; }
}
