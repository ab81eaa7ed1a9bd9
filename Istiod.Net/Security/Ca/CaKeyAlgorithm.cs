namespace Istiod.Net.Security.Ca;

/// <summary>Key types the CA creates, for its own root and for keys it generates on a workload's behalf.</summary>
public enum CaKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256: small, fast, accepted by Envoy, gRPC and OpenSSL.</summary>
    EcdsaP256,

    /// <summary>RSA 2048 for peers that do not accept EC keys.</summary>
    Rsa2048,
}
