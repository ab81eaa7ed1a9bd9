using System.Globalization;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Security.Ca;

/// <summary>
/// A CA with a root short enough to walk through its life on a <see cref="ManualTimeProvider"/>: 100 days, so the
/// default grace ratio (0.2) makes it due about 80 days in. Certificates are verified by openssl at the clock's time.
/// </summary>
internal static class RootRotationClock
{
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(100);

    public static CertificateAuthorityOptions Options(string? rootFolder = null, string? cacertsFolder = null) => new()
    {
        RootFolder = rootFolder,
        CacertsFolder = cacertsFolder,
        RootLifetime = RootLifetime,
        WorkloadCertificateLifetime = TimeSpan.FromHours(1),
        MaxWorkloadCertificateLifetime = TimeSpan.FromDays(1),
    };

    /// <summary><c>openssl verify -attime</c>: the leaf against the roots, at the manual clock's time rather than the machine's.</summary>
    public static (int ExitCode, string Output) VerifyAt(string folder, string rootsPem, string leafPem, DateTimeOffset at)
    {
        File.WriteAllText(Path.Combine(folder, "attime-root.pem"), rootsPem);
        File.WriteAllText(Path.Combine(folder, "attime-leaf.pem"), leafPem);
        return OpenSsl.Run(
            folder, "verify", "-x509_strict", "-attime", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "-CAfile", "attime-root.pem", "attime-leaf.pem");
    }
}
