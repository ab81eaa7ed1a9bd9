using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// Everything the CA signs with, checked once when loaded: the signing certificate and its key, the
/// certificates between it and its root, and the trust bundle. Swapped as a whole on rotation.
/// </summary>
public sealed class CaSigningMaterial : IDisposable
{
    private CaSigningMaterial(
        X509Certificate2 signingCertificate,
        IReadOnlyList<X509Certificate2> intermediates,
        X509Certificate2 root,
        TrustBundle trustBundle,
        string source)
    {
        SigningCertificate = signingCertificate;
        Intermediates = intermediates;
        Root = PublicCopy(root);
        TrustBundle = trustBundle;
        Source = source;
        IsSelfSignedRoot = ReferenceEquals(signingCertificate, root) ||
            signingCertificate.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span);
        IssuerChain = IsSelfSignedRoot
            ? [PublicCopy(root)]
            : [PublicCopy(signingCertificate), .. intermediates.Select(PublicCopy), PublicCopy(root)];
        IssuerChainPem = IssuerChain.Select(c => c.ExportCertificatePem() + "\n").ToList();
    }

    /// <summary>The certificate whose key signs workload certificates; carries the private key.</summary>
    internal X509Certificate2 SigningCertificate { get; }

    /// <summary>Certificates strictly between the signing certificate and the root.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The root the signing certificate chains to.</summary>
    public X509Certificate2 Root { get; }

    public TrustBundle TrustBundle { get; }

    /// <summary>Where this material came from (a folder, or "memory"), for logs and errors.</summary>
    public string Source { get; }

    public bool IsSelfSignedRoot { get; }

    /// <summary>The signing certificate up to the root, without private keys: what follows a leaf in an issued chain.</summary>
    public IReadOnlyList<X509Certificate2> IssuerChain { get; }

    internal IReadOnlyList<string> IssuerChainPem { get; }

    /// <summary>Checks that the key is the certificate's and that the certificate may sign others.</summary>
    internal static CaSigningMaterial Create(
        X509Certificate2 signingCertificate,
        IReadOnlyList<X509Certificate2> intermediates,
        X509Certificate2 root,
        TrustBundle trustBundle,
        string source)
    {
        if (!signingCertificate.HasPrivateKey)
        {
            throw new CaConfigurationException($"{source}: the signing certificate has no private key.");
        }

        var constraints = signingCertificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is null || !constraints.CertificateAuthority)
        {
            throw new CaConfigurationException(
                $"{source}: the signing certificate '{signingCertificate.Subject}' is not a CA certificate (basicConstraints CA:TRUE is missing).");
        }

        var usage = signingCertificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new CaConfigurationException(
                $"{source}: the signing certificate '{signingCertificate.Subject}' may not sign certificates (keyUsage lacks keyCertSign).");
        }

        using var ecKey = signingCertificate.GetECDsaPrivateKey();
        using var rsaKey = ecKey is null ? signingCertificate.GetRSAPrivateKey() : null;
        if (ecKey is null && rsaKey is null)
        {
            throw new CaConfigurationException(
                $"{source}: the signing key is neither RSA nor ECDSA; only those two are supported.");
        }

        return new CaSigningMaterial(signingCertificate, intermediates, root, trustBundle, source);
    }

    /// <summary>A signature generator over the signing key, with the hash the key size calls for.</summary>
    internal (X509SignatureGenerator Generator, HashAlgorithmName Hash, IDisposable Key) CreateSignatureGenerator()
    {
        if (SigningCertificate.GetECDsaPrivateKey() is { } ec)
        {
            var hash = ec.KeySize switch
            {
                > 384 => HashAlgorithmName.SHA512,
                > 256 => HashAlgorithmName.SHA384,
                _ => HashAlgorithmName.SHA256,
            };
            return (X509SignatureGenerator.CreateForECDsa(ec), hash, ec);
        }

        var rsa = SigningCertificate.GetRSAPrivateKey()!;
        return (X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, rsa);
    }

    public void Dispose()
    {
        SigningCertificate.Dispose();
    }

    internal static X509Certificate2 PublicCopy(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);
}
