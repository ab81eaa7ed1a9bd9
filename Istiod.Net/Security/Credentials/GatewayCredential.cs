namespace Istiod.Net.Security.Credentials;

/// <summary>
/// A gateway's TLS material: certificate chain and key (either may be absent when the credential holds only
/// a CA), and the CA that verifies client certificates for mutual TLS. Holds a private key: never log it.
/// </summary>
public sealed record GatewayCredential
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>Leaf first, PEM.</summary>
    public string? CertificateChainPem { get; init; }

    public string? PrivateKeyPem { get; init; }

    /// <summary>Roots for client certificates (the <c>-cacert</c> secret), PEM.</summary>
    public string? CaCertificatePem { get; init; }

    public override string ToString() => $"credential {Namespace}/{Name}";
}
