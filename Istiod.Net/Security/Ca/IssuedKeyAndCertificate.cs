using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// A key the CA generated for a workload and the certificate for it; used where the workload cannot make
/// its own key (stock Envoy over SDS, files for VMs, tests). Holds secret material: never log it.
/// </summary>
public sealed record IssuedKeyAndCertificate
{
    public required IssuedCertificate Certificate { get; init; }

    /// <summary>The private key as unencrypted PKCS#8 PEM.</summary>
    public required string PrivateKeyPem { get; init; }

    /// <summary>The leaf joined with its private key, e.g. for an SslStream.</summary>
    public X509Certificate2 CreateCertificateWithKey() =>
        X509Certificate2.CreateFromPem(Certificate.ChainPem[0], PrivateKeyPem);

    public override string ToString() => $"key and certificate for {Certificate.Identity} (serial {Certificate.SerialNumber})";
}
