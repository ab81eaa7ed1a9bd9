using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Grpc;

/// <summary>
/// Checks a peer certificate against roots we were given (the mesh CA) instead of the machine's trust store,
/// which knows nothing of a mesh.
/// </summary>
public static class GrpcCertificateValidation
{
    /// <param name="presentedChain">The chain from the TLS handshake; its intermediates help build the path.</param>
    public static bool ChainsToRoots(
        X509Certificate2 certificate, X509Certificate2Collection roots, X509Chain? presentedChain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Mesh certificates are short-lived and carry no revocation endpoints.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    /// <summary>
    /// A client-side server check: the chain must reach <paramref name="roots"/> and the name must match
    /// (host name or IP address in the subject alternative names), unless <paramref name="checkName"/> is false.
    /// </summary>
    public static RemoteCertificateValidationCallback ServerValidator(X509Certificate2Collection roots, bool checkName = true) =>
        (_, certificate, chain, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return false;
            }

            if (checkName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var leaf = new X509Certificate2(certificate);
            return ChainsToRoots(leaf, roots, chain);
        };
}
