using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>A TLS server certificate for the control plane's own names, with its key and the chain to send.</summary>
public sealed class ServingCertificate : IDisposable
{
    internal ServingCertificate(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> issuerChain, IReadOnlyList<string> dnsNames)
    {
        Certificate = certificate;
        IssuerChain = issuerChain;
        DnsNames = dnsNames;
    }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Intermediates then root, as sent after the leaf in the TLS handshake.</summary>
    public IReadOnlyList<X509Certificate2> IssuerChain { get; }

    public IReadOnlyList<string> DnsNames { get; }

    public DateTimeOffset NotBefore => Certificate.NotBefore.ToUniversalTime();

    public DateTimeOffset NotAfter => Certificate.NotAfter.ToUniversalTime();

    /// <summary>When to replace this certificate: half way through its life, as for workload certificates.</summary>
    public DateTimeOffset RenewAt => NotBefore + ((NotAfter - NotBefore) / 2);

    /// <summary>A context that makes the server send the intermediates with the leaf (Kestrel's ServerCertificateSelector or SslServerAuthenticationOptions).</summary>
    public SslStreamCertificateContext CreateSslContext() =>
        SslStreamCertificateContext.Create(Certificate, new X509Certificate2Collection(IssuerChain.ToArray()), offline: true);

    /// <summary>The leaf and intermediates as PEM (no root), e.g. for a file a peer reads.</summary>
    public string CertificateChainPem =>
        string.Concat(new[] { Certificate }.Concat(IssuerChain.Take(IssuerChain.Count - 1)).Select(c => c.ExportCertificatePem() + "\n"));

    public void Dispose() => Certificate.Dispose();
}
