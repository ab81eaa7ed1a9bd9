namespace Istiod.Net.Kube;

/// <summary>What one try to acquire or renew the lease found.</summary>
internal enum LeaseAttempt
{
    Acquired,

    /// <summary>Another candidate holds a lease that has not run out.</summary>
    HeldByOther,

    /// <summary>The API could not be reached, or a concurrent write won: try again.</summary>
    Failed,
}
