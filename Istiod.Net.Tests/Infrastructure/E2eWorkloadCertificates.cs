using Istiod.Net.Security;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Workload certificates from the mesh CA written as files for a gRPC file_watcher certificate provider:
/// what an agent or <c>istiod-net ca issue</c> would leave in a pod.
/// </summary>
public static class E2eWorkloadCertificates
{
    public static E2eCertificateFiles Write(CertificateAuthority ca, string directory, string @namespace, string serviceAccount)
    {
        var identity = new SpiffeIdentity(ca.TrustDomain, @namespace, serviceAccount);
        var issued = ca.IssueKeyAndCertificate(identity);
        var folder = Path.Combine(directory, $"certs-{@namespace}-{serviceAccount}");
        Directory.CreateDirectory(folder);
        var files = new E2eCertificateFiles(
            Path.Combine(folder, "cert-chain.pem"),
            Path.Combine(folder, "key.pem"),
            Path.Combine(folder, "root-cert.pem"));
        File.WriteAllText(files.CertificateChain, issued.Certificate.CertificateChainPem);
        File.WriteAllText(files.PrivateKey, issued.PrivateKeyPem);
        File.WriteAllText(files.Roots, ca.TrustBundle.Pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(files.PrivateKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return files;
    }
}
