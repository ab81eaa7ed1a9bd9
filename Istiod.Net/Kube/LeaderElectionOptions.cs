namespace Istiod.Net.Kube;

/// <summary>
/// Which Lease to compete for and how fast. A leader renews every <see cref="RetryPeriod"/>; it gives up when it
/// could not renew for <see cref="RenewDeadline"/>; the others take over once the lease has not changed for
/// <see cref="LeaseDuration"/> as measured on their own clock (so clock skew between replicas does not matter).
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string Namespace { get; init; }

    public required string LeaseName { get; init; }

    /// <summary>This candidate's name in the lease's holderIdentity; unique per replica (the pod name).</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On shutdown, clear the holder so another replica takes over at once instead of after the lease runs out.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    public Random? Random { get; init; }

    internal void Check()
    {
        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"leader election {Namespace}/{LeaseName}: need 0 < retryPeriod < renewDeadline < leaseDuration");
        }
    }
}
