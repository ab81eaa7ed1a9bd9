namespace Istiod.Net.Security.Ca;

/// <summary>
/// When the control plane replaces its own self-signed root. Istio's defaults: a check every hour, a rotation once
/// less than 20 % of the root's lifetime is left, which for a ten-year root leaves two years for every workload to
/// pick up the new root before the old one expires.
/// </summary>
public sealed record SelfSignedRootRotatorOptions
{
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromHours(1);
    public const double DefaultGracePeriodRatio = 0.2;

    /// <summary>False turns automatic rotation off; <see cref="CertificateAuthority.RotateSelfSignedRoot"/> still works.</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan CheckInterval { get; init; } = DefaultCheckInterval;

    /// <summary>The root is rotated once its remaining lifetime is below this share of its whole lifetime.</summary>
    public double GracePeriodRatio { get; init; } = DefaultGracePeriodRatio;

    /// <summary>Throws with a message naming the option when a value cannot work.</summary>
    public void Validate()
    {
        if (CheckInterval <= TimeSpan.Zero)
        {
            throw new CaConfigurationException($"{nameof(CheckInterval)} must be positive, got {CheckInterval}.");
        }

        // 0 would never rotate and 1 would rotate on every check.
        if (!(GracePeriodRatio > 0 && GracePeriodRatio < 1))
        {
            throw new CaConfigurationException($"{nameof(GracePeriodRatio)} must be between 0 and 1 (exclusive), got {GracePeriodRatio}.");
        }
    }
}
