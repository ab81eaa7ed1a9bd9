namespace Istiod.Net.Security.Ca;

/// <summary>
/// Where the CA's signing key comes from and the limits it applies. With <see cref="CacertsFolder"/> set,
/// the CA signs with a plugged-in intermediate; otherwise it uses a self-signed root kept in
/// <see cref="RootFolder"/> (created on first start), or an in-memory root when no folder is given.
/// </summary>
public sealed record CertificateAuthorityOptions
{
    public static readonly TimeSpan DefaultWorkloadCertificateLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan DefaultMaxWorkloadCertificateLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan DefaultRootLifetime = TimeSpan.FromDays(3650);

    /// <summary>The SPIFFE trust domain of every identity this CA issues.</summary>
    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>Folder holding the self-signed root (<c>ca-cert.pem</c>, <c>ca-key.pem</c>, <c>root-cert.pem</c>).</summary>
    public string? RootFolder { get; init; }

    /// <summary>Folder in Istio's <c>cacerts</c> layout: ca-cert.pem, ca-key.pem, cert-chain.pem, root-cert.pem.</summary>
    public string? CacertsFolder { get; init; }

    /// <summary>Key type of a root this CA creates and of keys it generates for workloads.</summary>
    public CaKeyAlgorithm KeyAlgorithm { get; init; } = CaKeyAlgorithm.EcdsaP256;

    public TimeSpan RootLifetime { get; init; } = DefaultRootLifetime;

    /// <summary>Lifetime of a workload certificate when the request names none.</summary>
    public TimeSpan WorkloadCertificateLifetime { get; init; } = DefaultWorkloadCertificateLifetime;

    /// <summary>Longest lifetime granted; a longer request is shortened to this.</summary>
    public TimeSpan MaxWorkloadCertificateLifetime { get; init; } = DefaultMaxWorkloadCertificateLifetime;

    /// <summary>
    /// How far before "now" a certificate's validity starts, so a peer whose clock runs a little behind
    /// does not reject a certificate issued a moment ago. Lifetimes are counted from the issuing time.
    /// </summary>
    public TimeSpan ClockSkewAllowance { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws with a message naming the option when a value cannot work.</summary>
    public void Validate()
    {
        if (!SpiffeIdentity.TryParse($"spiffe://{TrustDomain}/ns/n/sa/s", out _))
        {
            throw new CaConfigurationException(
                $"{nameof(TrustDomain)} '{TrustDomain}' is not a valid trust domain (letters, digits, '-', '.', '_').");
        }

        if (WorkloadCertificateLifetime <= TimeSpan.Zero)
        {
            throw new CaConfigurationException($"{nameof(WorkloadCertificateLifetime)} must be positive, got {WorkloadCertificateLifetime}.");
        }

        if (MaxWorkloadCertificateLifetime < WorkloadCertificateLifetime)
        {
            throw new CaConfigurationException(
                $"{nameof(MaxWorkloadCertificateLifetime)} ({MaxWorkloadCertificateLifetime}) is shorter than {nameof(WorkloadCertificateLifetime)} ({WorkloadCertificateLifetime}).");
        }

        if (RootLifetime <= MaxWorkloadCertificateLifetime)
        {
            throw new CaConfigurationException(
                $"{nameof(RootLifetime)} ({RootLifetime}) must be longer than {nameof(MaxWorkloadCertificateLifetime)} ({MaxWorkloadCertificateLifetime}).");
        }

        if (ClockSkewAllowance < TimeSpan.Zero)
        {
            throw new CaConfigurationException($"{nameof(ClockSkewAllowance)} must not be negative.");
        }
    }
}
