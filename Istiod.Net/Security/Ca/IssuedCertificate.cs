using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>A certificate the CA signed, with the chain a peer needs to verify it.</summary>
public sealed record IssuedCertificate
{
    public required SpiffeIdentity Identity { get; init; }

    /// <summary>The issued certificate, without a private key.</summary>
    public required X509Certificate2 Leaf { get; init; }

    /// <summary>Leaf first, then intermediates, then the root.</summary>
    public required IReadOnlyList<X509Certificate2> Chain { get; init; }

    /// <summary><see cref="Chain"/> as one PEM block per certificate, in the same order.</summary>
    public required IReadOnlyList<string> ChainPem { get; init; }

    /// <summary>Serial number in upper-case hex, as tools print it.</summary>
    public string SerialNumber => Leaf.SerialNumber;

    public DateTimeOffset NotAfter => Leaf.NotAfter.ToUniversalTime();

    /// <summary>The leaf and intermediates without the root: what a peer sends as its certificate chain.</summary>
    public string CertificateChainPem => string.Concat(ChainPem.Take(Math.Max(1, ChainPem.Count - 1)));

    /// <summary>The root that ends <see cref="Chain"/>.</summary>
    public string RootPem => ChainPem[^1];
}
